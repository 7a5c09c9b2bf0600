/** Plain-text rendering of the results table. */
import type { Row } from './scenario.js';
import type { Summary } from './stats.js';

/** Three significant-ish digits: enough to compare, few enough to read. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function formatSummary(summary: Summary | undefined): string {
  if (!summary || summary.runs === 0) return '-';
  return `${formatNumber(summary.median)} [${formatNumber(summary.min)}-${formatNumber(summary.max)}]`;
}

function resultText(row: Row): string {
  if (row.pass === undefined) return 'info';
  return row.pass ? 'PASS' : 'FAIL';
}

/** `other` is nodemailer unless the row names the floor client (`vs floor`), the reference it is compared with. */
const HEADER = ['ID', 'Scenario', 'Metric', 'ours median [min-max]', 'other median [min-max]', 'ours/other', 'Target', 'Result'];

/** The rows as an aligned table, one line per row, with a header and a rule. */
export function renderTable(rows: Row[]): string {
  const cells = rows.map((row) => [
    row.group,
    row.title,
    row.metric,
    formatSummary(row.ours),
    formatSummary(row.theirs),
    row.ratio === undefined || !Number.isFinite(row.ratio) ? '-' : `${formatNumber(row.ratio)}x`,
    row.target,
    resultText(row),
  ]);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const render = (line: string[]): string => line.map((cell, column) => cell.padEnd(widths[column])).join(' | ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  return [render(HEADER), rule, ...cells.map(render)].join('\n');
}
