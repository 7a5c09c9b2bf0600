export type FloodKind = 'greeting' | 'ehlo-line' | 'ehlo-lines';
export interface FloodResult {
    code?: string;
    ms: number;
    /** Peak growth of heapUsed + external over the baseline, in bytes. */
    peakGrowth: number;
    /** Bytes the server managed to write before the client hung up. */
    floodBytes: number;
}
export default function run(input: {
    kind: FloodKind;
}): Promise<FloodResult>;
