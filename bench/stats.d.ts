/** Summaries of repeated runs: median with min and max. */
export interface Summary {
    median: number;
    min: number;
    max: number;
    runs: number;
}
/** Median (mean of the middle two for an even count), min and max of a non-empty list. */
export declare function summarize(values: number[]): Summary;
