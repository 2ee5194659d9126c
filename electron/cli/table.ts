/** Plain-text tables for terminal output; long cells are cut with an ellipsis so rows stay on one line. */
export function renderTable(headers: string[], rows: string[][], maxWidth = 80): string {
  const clean = (s: string) => s.replace(/[\r\n\t]+/g, ' ');
  const cut = (s: string) => (s.length > maxWidth ? s.slice(0, maxWidth - 1) + '…' : s);
  const cells = rows.map((r) => r.map((c) => cut(clean(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
