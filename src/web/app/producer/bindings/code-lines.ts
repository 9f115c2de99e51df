/**
 * Codes from what a producer pastes, scans or uploads: one code a line; from a CSV, the column
 * headed "code" (码 / 编码), else the first. Nothing is judged here — the server's parsers say
 * which codes are good — only blank lines, a header and surrounding quotes are left out.
 */

/** One CSV line's cells (RFC 4180 quotes: `"a,b"` is one cell, `""` a quote). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quoted) {
      if (ch === '"' && line.charAt(i + 1) === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

const HEADERS = /^(code|codes|码|编码|追溯码)$/i;

/**
 * The codes of a text: one a line (CR, LF or CRLF), blank lines left out; a CSV (`.csv`, or lines
 * with commas and a header naming a code column) gives that column.
 *
 * @example codeLines('A1\n\n B2 \n') // → ['A1', 'B2']
 * @example codeLines('seq,code\n0,(01)06901234567892(21)A1\n', { csv: true }) // → ['(01)06901234567892(21)A1']
 */
export function codeLines(text: string, opts: { csv?: boolean } = {}): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const first = lines[0];
  if (first === undefined) return [];
  const header = csvCells(first);
  const column = header.findIndex((h) => HEADERS.test(h));
  // A Digital Link or an element string has no comma, so a line with one is a CSV row only when asked, or under a header.
  if (!opts.csv && column < 0) return lines.map((l) => l.trim());
  const rows = column >= 0 ? lines.slice(1) : lines;
  const at = Math.max(column, 0);
  return rows.map((l) => csvCells(l)[at] ?? '').filter((c) => c !== '');
}

/** A field error's message without the `codes[3]: ` (or full-width colon) it starts with: it is shown beside that code. */
export function withoutField(field: string, message: string): string {
  if (!message.startsWith(field)) return message;
  const rest = message.slice(field.length);
  return /^[:\uff1a]/.test(rest) ? rest.slice(1).trim() : message;
}

/** The index of a `codes[3]` (or `children[3]`) field, or undefined. */
export function indexOf(field: string, list: string): number | undefined {
  const m = new RegExp(`^${list}\\[(\\d+)\\]$`).exec(field);
  return m ? Number(m[1]) : undefined;
}
