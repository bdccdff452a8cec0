export declare const IGNORE_CF: string[];
export declare const IGNORE_CASES: Array<[string, string]>;
