/** Clone signs count what several scanners did: one scanner alone never makes a code look cloned. */
import { describe, expect, it } from 'vitest';
import { cloneSigns, distanceKm } from './clone.ts';

const rules = { cloneSessions: 10, sessionMinutes: 30, cloneDistanceKm: 300, cloneClientsAfterSale: 3 };
const hangzhou = { latitude: 30.27, longitude: 120.15 };
const harbin = { latitude: 45.75, longitude: 126.63 };

describe('clone signs', () => {
  it('measures great-circle distance', () => {
    expect(distanceKm(hangzhou, harbin)).toBeGreaterThan(1700);
    expect(distanceKm(hangzhou, harbin)).toBeLessThan(2000);
  });

  it('says nothing of a few sessions in one place', () => {
    expect(cloneSigns({ sessions: 9, provinces: 1, located: [{ ...hangzhou, client: 'a' }, { ...hangzhou, client: 'b' }], clientsAfterSale: 2 }, rules)).toEqual({ suspected: false, reasons: [], places: 1 });
  });

  it('counts sessions, places shared by different scanners and scanners after the sale', () => {
    expect(cloneSigns({ sessions: 10, provinces: 0, located: [], clientsAfterSale: 0 }, rules).reasons).toEqual(['many_sessions']);
    expect(cloneSigns({ sessions: 2, provinces: 2, located: [], clientsAfterSale: 0 }, rules).reasons).toEqual(['distant_places']);
    expect(cloneSigns({ sessions: 2, provinces: 0, located: [{ ...hangzhou, client: 'a' }, { ...harbin, client: 'b' }], clientsAfterSale: 0 }, rules)).toEqual({ suspected: true, reasons: ['distant_places'], places: 2 });
    expect(cloneSigns({ sessions: 3, provinces: 0, located: [], clientsAfterSale: 3 }, rules).reasons).toEqual(['scanned_after_sale']);
  });

  it('never lets one scanner far apart from itself look like a clone', () => {
    expect(cloneSigns({ sessions: 1, provinces: 0, located: [{ ...hangzhou, client: 'a' }, { ...harbin, client: 'a' }], clientsAfterSale: 0 }, rules).suspected).toBe(false);
  });
});
