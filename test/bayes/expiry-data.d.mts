export declare const NEWEST: number;
export declare function expiryBackup(n?: number): string;
export declare const EXPIRY_RUNS: number[];
export declare function tokenDigest(backupLines: string[]): { tokens: number; sha1: string };
