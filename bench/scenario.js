import { summarize } from './stats.js';
function values(runs, metric) {
    return (runs ?? []).map((run) => run[metric]).filter((value) => Number.isFinite(value));
}
/** Ours against nodemailer on the median: `at-most` passes when ours/theirs <= bound, `at-least` when >= bound. */
export function ratioRow(group, results, spec) {
    const ours = summarize(values(results[spec.ours], spec.metric));
    const theirs = summarize(values(results[spec.theirs ?? 'nodemailer'], spec.metric));
    const ratio = ours.median / theirs.median;
    const pass = spec.direction === 'at-most' ? ratio <= spec.bound : ratio >= spec.bound;
    const target = `${spec.direction === 'at-most' ? '<=' : '>='} ${spec.bound}x`;
    return { group: spec.id ?? group.id, title: group.title, metric: spec.label, oursName: spec.ours, ours, theirs, ratio, target, pass };
}
/**
 * An absolute bound on ours, judged on the worst run (a bound is a promise about every run, not the typical one);
 * nodemailer's figures are shown alongside for reference.
 */
export function boundRow(group, results, spec) {
    const scale = spec.scale ?? 1;
    const scaled = (runs) => values(runs, spec.metric).map((value) => value / scale);
    const ours = summarize(scaled(results[spec.ours]));
    const theirs = spec.compare === false ? undefined : summarize(scaled(results.nodemailer));
    const ratio = theirs ? ours.median / theirs.median : undefined;
    const pass = spec.strict ? ours.max < spec.bound : ours.max <= spec.bound;
    return {
        group: spec.id ?? group.id, title: group.title, metric: spec.label, oursName: spec.ours, ours, theirs, ratio,
        target: `${spec.strict ? '<' : '<='} ${spec.bound} (worst run)`, pass,
    };
}
/** A figure shown for information, with no target. */
export function infoRow(group, results, spec) {
    const scale = spec.scale ?? 1;
    const ours = summarize(values(results[spec.ours], spec.metric).map((value) => value / scale));
    const theirs = summarize(values(results.nodemailer, spec.metric).map((value) => value / scale));
    const ratio = ours.median / theirs.median;
    return { group: spec.id ?? group.id, title: group.title, metric: spec.label, oursName: spec.ours, ours, theirs, ratio, target: '-' };
}
//# sourceMappingURL=scenario.js.map