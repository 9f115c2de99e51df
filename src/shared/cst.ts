/**
 * China Standard Time (UTC+8, no daylight saving since 1991), where the platform's users and
 * regulators are: the calendar day certificates and catalogue versions are judged on, the offset
 * the platform's own events carry. One rule, so that a day never ends at two different instants.
 * Pure and browser-safe.
 */

/** The offset of China Standard Time in RFC 3339 and EPCIS 2.0 `eventTimeZoneOffset` form. */
export const CST_OFFSET = '+08:00';

/** China Standard Time in minutes east of UTC. */
export const CST_OFFSET_MINUTES = 480;

const CST_MS = CST_OFFSET_MINUTES * 60_000;

/**
 * An instant as an RFC 3339 date-time in China Standard Time, with milliseconds.
 *
 * @example cstDateTime(new Date('2026-01-01T17:30:00Z')) // → '2026-01-02T01:30:00.000+08:00'
 */
export function cstDateTime(d: Date): string {
  return new Date(d.getTime() + CST_MS).toISOString().replace('Z', CST_OFFSET);
}

/**
 * The calendar day (YYYY-MM-DD) an instant falls on in China Standard Time.
 *
 * @example cstDate(new Date('2026-01-01T17:30:00Z')) // → '2026-01-02'
 */
export function cstDate(d: Date): string {
  return cstDateTime(d).slice(0, 10);
}
