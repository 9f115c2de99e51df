/** CSV (RFC 4180) fields. */

/**
 * A field, quoted when it holds a quote, comma or line break. `text: true` for names people typed
 * (enterprise names…): a leading = + - @ is escaped with a quote mark so that a spreadsheet opening
 * the file never runs it as a formula (OWASP "CSV injection").
 *
 * @example csvField('a,b') // '"a,b"'
 * @example csvField('=HYPERLINK(…)', { text: true }) // "'=HYPERLINK(…)"
 */
export function csvField(v: string, opts: { text?: boolean } = {}): string {
  const s = opts.text && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
