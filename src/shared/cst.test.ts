import { describe, expect, it } from 'vitest';
import { CST_OFFSET, cstDate, cstDateTime } from './cst.ts';

describe('China Standard Time', () => {
  it('writes an instant at UTC+8, with the offset events carry', () => {
    expect(cstDateTime(new Date('2026-01-01T17:30:00.250Z'))).toBe('2026-01-02T01:30:00.250+08:00');
    expect(CST_OFFSET).toBe('+08:00');
  });

  it('puts the turn of the day at 16:00 UTC', () => {
    expect(cstDate(new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-03-31');
    expect(cstDate(new Date('2026-03-31T16:00:00.000Z'))).toBe('2026-04-01');
  });
});
