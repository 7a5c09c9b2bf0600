/** Summaries of repeated runs: median with min and max. */
/** Median (mean of the middle two for an even count), min and max of a non-empty list. */
export function summarize(values) {
    if (values.length === 0)
        return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: 0 };
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}
//# sourceMappingURL=stats.js.map