/** Plain-text rendering of the results table. */
import type { Row } from './scenario.js';
/** Three significant-ish digits: enough to compare, few enough to read. */
export declare function formatNumber(value: number): string;
/** The rows as an aligned table, one line per row, with a header and a rule. */
export declare function renderTable(rows: Row[]): string;
