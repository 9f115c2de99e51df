/**
 * EPCIS query schedules (EPCIS 2.0 §8.2.5.3 QuerySchedule; REST binding `schedule` of a webhook
 * subscription): parsing the six fields and finding the next query time. Pure.
 *
 * Field syntax, as the standard's grammar plus the cron forms the binding's examples use:
 * `Element ("," Element)*` where an element is a number (`5`), a range (`[1-5]`, or `1-5`),
 * `*` (any), or any of these with a step (`0/30`, `*\/15`, `[0-30]/10`: every n-th value from
 * the start).
 */
import { CST_OFFSET_MINUTES } from '../../shared/cst.ts';
import { type MessageRef, msg, t } from '../../shared/i18n/i18n.ts';

/** The six fields of a schedule, as the client sent them. */
export interface QuerySchedule {
  readonly second?: string;
  readonly minute?: string;
  readonly hour?: string;
  readonly dayOfMonth?: string;
  readonly month?: string;
  readonly dayOfWeek?: string;
}

export type ScheduleField = keyof QuerySchedule;

/** Legal values of each field (EPCIS 2.0 §8.2.5.3): dayOfWeek 1 = Monday … 7 = Sunday. */
const RANGES: Readonly<Record<ScheduleField, readonly [number, number]>> = {
  second: [0, 59],
  minute: [0, 59],
  hour: [0, 23],
  dayOfMonth: [1, 31],
  month: [1, 12],
  dayOfWeek: [1, 7],
};

/** Finest first: the order in which an omitted finer field defaults to its minimum. */
const TIME_FIELDS = ['second', 'minute', 'hour'] as const;
const FIELDS: readonly ScheduleField[] = ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'];

/** A parsed schedule: for each field, the allowed values in ascending order. */
export interface CompiledSchedule {
  readonly second: readonly number[];
  readonly minute: readonly number[];
  readonly hour: readonly number[];
  readonly dayOfMonth: ReadonlySet<number>;
  readonly month: ReadonlySet<number>;
  readonly dayOfWeek: ReadonlySet<number>;
}

/** Why a schedule is not acceptable: the field and what was expected there (English), and the same as an i18n message. */
export interface ScheduleProblem {
  readonly field: string;
  readonly reason: string;
  readonly text: MessageRef;
}

const problem = (field: string, text: MessageRef): ScheduleProblem => ({ field, reason: t('en', text.key, text.params), text });

export type ScheduleResult = { readonly ok: true; readonly schedule: CompiledSchedule } | { readonly ok: false; readonly problems: readonly ScheduleProblem[] };

const ELEMENT = /^(?:(\*)|(\d{1,2})|\[(\d{1,2})-(\d{1,2})\]|(\d{1,2})-(\d{1,2}))(?:\/(\d{1,2}))?$/;

function parseField(field: ScheduleField, text: string): number[] | MessageRef {
  const [lo, hi] = RANGES[field];
  const values = new Set<number>();
  for (const raw of text.split(',')) {
    const m = ELEMENT.exec(raw.trim());
    if (!m) return msg('schedule.element', { value: JSON.stringify(raw) });
    const [, star, one, bracketLo, bracketHi, dashLo, dashHi, stepText] = m;
    let from: number;
    let to: number;
    if (star !== undefined) [from, to] = [lo, hi];
    else if (one !== undefined) {
      from = Number(one);
      // A single number with a step runs to the end of the field, as in cron (`0/30`: 0 and 30).
      to = stepText !== undefined ? hi : from;
    } else {
      from = Number(bracketLo ?? dashLo);
      to = Number(bracketHi ?? dashHi);
    }
    if (from < lo || to > hi) return msg('schedule.outside', { value: raw, low: lo, high: hi });
    if (from > to) return msg('schedule.backwards', { value: raw });
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return msg('schedule.step', { value: raw });
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * Parses a schedule. Omitted fields match every value (EPCIS §8.2.5.3), except that omitted
 * second, minute and hour *finer than the finest given field* are 0: `{ hour: '1', minute: '5' }`
 * runs once a day at 01:05:00, as the REST binding's example says ("every morning at 1.05am"),
 * not sixty times in that minute as the 1.x text read literally would. A schedule with no field
 * at all is refused, like a subscription with neither stream nor schedule: it would fire every
 * second.
 *
 * @example
 * const r = compileSchedule({ hour: '1', minute: '5' });
 * if (r.ok) nextQueryTime(r.schedule, new Date('2026-01-01T00:00:00Z'), 0); // 2026-01-01T01:05:00Z
 * compileSchedule({ minute: '[30-10]' }); // { ok: false, problems: [{ field: 'schedule.minute', … }] }
 */
export function compileSchedule(input: QuerySchedule): ScheduleResult {
  const problems: ScheduleProblem[] = [];
  const parsed: Partial<Record<ScheduleField, number[]>> = {};
  for (const field of FIELDS) {
    const text = input[field];
    if (text === undefined) continue;
    const r = parseField(field, String(text));
    if (Array.isArray(r)) parsed[field] = r;
    else problems.push(problem(`schedule.${field}`, r));
  }
  if (!FIELDS.some((f) => input[f] !== undefined)) problems.push(problem('schedule', msg('schedule.empty')));
  if (problems.length) return { ok: false, problems };

  const all = (f: ScheduleField) => {
    const [lo, hi] = RANGES[f];
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  };
  // The finest time field given: finer ones default to 0, coarser ones to "any".
  const finest = TIME_FIELDS.findIndex((f) => parsed[f] !== undefined);
  const time = (f: (typeof TIME_FIELDS)[number], i: number) => parsed[f] ?? (finest === -1 || i < finest ? [0] : all(f));
  const schedule: CompiledSchedule = {
    second: time('second', 0),
    minute: time('minute', 1),
    hour: time('hour', 2),
    dayOfMonth: new Set(parsed.dayOfMonth ?? all('dayOfMonth')),
    month: new Set(parsed.month ?? all('month')),
    dayOfWeek: new Set(parsed.dayOfWeek ?? all('dayOfWeek')),
  };
  // 30 February and the like never come: refuse rather than accept a subscription that never runs.
  if (nextQueryTime(schedule, new Date(Date.UTC(2000, 0, 1)), 0) === undefined) {
    return { ok: false, problems: [problem('schedule', msg('schedule.never'))] };
  }
  return { ok: true, schedule };
}

const DAY_MS = 86_400_000;
// Day, month and weekday combinations repeat within 28 years (400-year cycle aside); one more
// year covers a start late in a year.
const SEARCH_DAYS = 29 * 366;

/**
 * The first query time strictly after `after`, at whole seconds, evaluated in the time zone
 * `offsetMinutes` east of UTC (EPCIS: "a time zone chosen by the EPCIS service"); undefined when
 * no date ever matches.
 *
 * @example nextQueryTime(schedule, new Date('2026-03-02T01:05:00Z'), 480) // next 01:05:00 China Standard Time
 */
export function nextQueryTime(s: CompiledSchedule, after: Date, offsetMinutes: number): Date | undefined {
  const offset = offsetMinutes * 60_000;
  // Local wall time as a UTC date (so the UTC getters read local fields), one second on.
  const start = Math.floor((after.getTime() + offset) / 1000) * 1000 + 1000;
  let day = Math.floor(start / DAY_MS) * DAY_MS;
  let from = start - day; // ms into the first day; later days start at 00:00:00
  for (let i = 0; i < SEARCH_DAYS; i++, day += DAY_MS, from = 0) {
    const d = new Date(day);
    const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
    if (!s.month.has(d.getUTCMonth() + 1) || !s.dayOfMonth.has(d.getUTCDate()) || !s.dayOfWeek.has(weekday)) continue;
    const t = firstTimeOfDay(s, from / 1000);
    if (t !== undefined) return new Date(day + t * 1000 - offset);
  }
  return undefined;
}

/** The first matching second of the day at or after `fromSecond` (seconds since midnight). */
function firstTimeOfDay(s: CompiledSchedule, fromSecond: number): number | undefined {
  for (const h of s.hour) {
    if ((h + 1) * 3600 <= fromSecond) continue;
    for (const m of s.minute) {
      if (h * 3600 + (m + 1) * 60 <= fromSecond) continue;
      for (const sec of s.second) {
        const t = h * 3600 + m * 60 + sec;
        if (t >= fromSecond) return t;
      }
    }
  }
  return undefined;
}

/** Schedules run in China Standard Time unless told otherwise (EPCIS leaves the time zone to the service). */
export const DEFAULT_SCHEDULE_OFFSET_MINUTES = CST_OFFSET_MINUTES;

/**
 * The next run of a stored schedule after `after`, in the time zone `offsetMinutes` east of UTC;
 * undefined when it does not compile or never matches.
 *
 * @example nextRunOf({ hour: '1', minute: '5' }, new Date('2026-03-02T01:05:00Z'), 480) // next 01:05:00 China Standard Time
 */
export function nextRunOf(schedule: Readonly<Record<string, string>> | null, after: Date, offsetMinutes: number): Date | undefined {
  const s = compileSchedule(schedule ?? {});
  return s.ok ? nextQueryTime(s.schedule, after, offsetMinutes) : undefined;
}
