export declare const corpusDir: string;
export declare function haveCorpus(): boolean;
export declare function group(name: string, n?: number, skip?: number): string[];
export declare function tokenCorpus(): string[];
export declare function trainHam(): string[];
export declare function trainSpam(): string[];
export declare function scoreCorpus(): string[];
export declare function autolearnCorpus(): string[];
