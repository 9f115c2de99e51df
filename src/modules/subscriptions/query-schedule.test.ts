import { describe, expect, it } from 'vitest';
import { type CompiledSchedule, type QuerySchedule, compileSchedule, nextQueryTime } from './query-schedule.ts';

const compile = (s: QuerySchedule): CompiledSchedule => {
  const r = compileSchedule(s);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.schedule;
};
const next = (s: QuerySchedule, after: string, offset = 0) => nextQueryTime(compile(s), new Date(after), offset)?.toISOString();

describe('query schedules (EPCIS 2.0 §8.2.5.3)', () => {
  it('runs { hour: 1, minute: 5 } once a day at 01:05:00, as the REST binding example says', () => {
    expect(next({ hour: '1', minute: '5' }, '2026-03-02T00:00:00Z')).toBe('2026-03-02T01:05:00.000Z');
    expect(next({ hour: '1', minute: '5' }, '2026-03-02T01:05:00Z')).toBe('2026-03-03T01:05:00.000Z');
  });

  it('treats coarser omitted fields as any value: { second: 0, minute: 0 } is every hour on the hour', () => {
    expect(next({ second: '0', minute: '0' }, '2026-03-02T10:00:00Z')).toBe('2026-03-02T11:00:00.000Z');
  });

  it('reads lists, bracketed and bare ranges, * and steps', () => {
    expect(compile({ second: '0/30' }).second).toEqual([0, 30]);
    expect(compile({ minute: '*/15' }).minute).toEqual([0, 15, 30, 45]);
    expect(compile({ hour: '[8-10],14,20-21' }).hour).toEqual([8, 9, 10, 14, 20, 21]);
    expect(compile({ minute: '[0-30]/10' }).minute).toEqual([0, 10, 20, 30]);
  });

  it('honours weekdays (1 = Monday … 7 = Sunday) together with the day of month', () => {
    // 2026-03-02 is a Monday.
    expect(next({ dayOfWeek: '[1-5]', second: '0', minute: '0', hour: '9' }, '2026-03-06T09:00:00Z')).toBe('2026-03-09T09:00:00.000Z');
    expect(next({ dayOfWeek: '7' }, '2026-03-02T00:00:00Z')).toBe('2026-03-08T00:00:00.000Z');
    // The 13th that is a Friday, after March 2026: November 2026.
    expect(next({ dayOfMonth: '13', dayOfWeek: '5' }, '2026-03-14T00:00:00Z')).toBe('2026-11-13T00:00:00.000Z');
  });

  it('evaluates in the service time zone: 01:05 China Standard Time is 17:05 UTC the day before', () => {
    expect(next({ hour: '1', minute: '5' }, '2026-03-02T00:00:00Z', 480)).toBe('2026-03-02T17:05:00.000Z');
  });

  it('finds 29 February years ahead', () => {
    expect(next({ dayOfMonth: '29', month: '2' }, '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('refuses malformed fields, values out of range, reversed ranges, dates that never come and an empty schedule', () => {
    const problems = (s: QuerySchedule) => {
      const r = compileSchedule(s);
      return r.ok ? [] : r.problems.map((p) => p.field);
    };
    expect(problems({ minute: 'five' })).toEqual(['schedule.minute']);
    expect(problems({ second: '60' })).toEqual(['schedule.second']);
    expect(problems({ hour: '[10-2]', dayOfWeek: '0' })).toEqual(['schedule.hour', 'schedule.dayOfWeek']);
    expect(problems({ dayOfMonth: '30', month: '2' })).toEqual(['schedule']);
    expect(problems({})).toEqual(['schedule']);
  });
});
