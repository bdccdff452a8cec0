/** Returns a function giving the next number in [0, 1) of the mulberry32 sequence for `seed`. */
export declare function mulberry32(seed: number): () => number;
