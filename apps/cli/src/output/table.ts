/** Three spaces between columns, as kubectl's tabwriter pads them. */
const GAP = '   ';

/** The width of each column: the widest of its header and cells. */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return widths;
}

/**
 * One padded line per row. `widths` may come from an earlier batch (a watch prints rows as
 * they arrive and keeps the columns of its first table); a longer cell just pushes on.
 */
export function renderRows(rows: readonly (readonly string[])[], widths: readonly number[]): string[] {
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join(GAP).trimEnd());
}

/** A header plus rows, aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  return renderRows(all, columnWidths(all));
}
