// The one table `npm run bench` ends with: each measurement, its reference, the ratio and the goal.

export interface SummaryRow {
  readonly measurement: string;
  readonly result: string;
  readonly reference?: string;
  readonly ratio?: string;
  readonly goal?: string;
  /** Whether the goal is met; absent for figures without a goal. */
  readonly met?: boolean;
}

const COLUMNS = ['#', 'Measurement', 'Result', 'Reference', 'Ratio', 'Goal', 'Met'] as const;

/** A Markdown table, aligned so it also reads in a terminal (and pastes into docs/benchmarks.md). */
export function renderSummary(
  sections: readonly (readonly [string, readonly SummaryRow[]])[],
): string {
  const rows = sections.flatMap(([section, sectionRows]) =>
    sectionRows.map((row) => [
      section,
      row.measurement,
      row.result,
      row.reference ?? '',
      row.ratio ?? '',
      row.goal ?? '',
      row.met === undefined ? '' : row.met ? 'yes' : 'no',
    ]),
  );
  const widths = COLUMNS.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(COLUMNS), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}

/** Formats a number for the table: thousands separators, at most `digits` decimals. */
export const fmt = (value: number, digits = 1): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
