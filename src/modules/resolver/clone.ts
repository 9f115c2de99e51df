/**
 * Does a code look cloned? A genuine item is scanned a few times by a few people in one place; a
 * copied code printed on many fakes is scanned by many people, far apart, and after the real one
 * was sold. Only what several scanners did counts (supervision.md: "count sessions, not scans;
 * never alert on a single honest re-scan"): one person reloading a page twenty times, or sharing
 * two far-apart locations, cannot make a genuine code look cloned.
 * Pure: the scans come summed up from the database, the thresholds from configuration
 * (`YIMA_CLONE_*`).
 */

export interface ScanSummary {
  /** Sessions: scans of one scanner (keyed address hash) less than the session gap apart count once. */
  readonly sessions: number;
  /** Distinct provinces of the scanners' address regions (when an address table is configured). */
  readonly provinces: number;
  /** Places people chose to share (rounded to 0.1°), each with the scanner that shared it. */
  readonly located: readonly { readonly latitude: number; readonly longitude: number; readonly client: string }[];
  /** Distinct scanners after the recorded sale (0 when not sold). */
  readonly clientsAfterSale: number;
}

export interface CloneRules {
  readonly cloneSessions: number;
  /** A scanner's scans of a code less than this apart are one session. */
  readonly sessionMinutes: number;
  readonly cloneDistanceKm: number;
  readonly cloneClientsAfterSale: number;
}

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The verdict over the scans so far: many sessions, distant places (scanners in different
 * provinces, or locations shared by two different scanners at least `cloneDistanceKm` apart), or
 * several scanners after the sale.
 *
 * @example cloneSigns({ sessions: 2, provinces: 0, located: [hangzhouByA, harbinByB], clientsAfterSale: 0 }, rules)
 *   // { suspected: true, reasons: ['distant_places'], places: 2 }
 */
export function cloneSigns(s: ScanSummary, rules: CloneRules) {
  const reasons: string[] = [];
  if (s.sessions >= rules.cloneSessions) reasons.push('many_sessions');
  let far = s.provinces > 1;
  for (let i = 0; i < s.located.length && !far; i++) {
    for (let j = i + 1; j < s.located.length && !far; j++) {
      const a = s.located[i];
      const b = s.located[j];
      if (a && b && a.client !== b.client && distanceKm(a, b) >= rules.cloneDistanceKm) far = true;
    }
  }
  if (far) reasons.push('distant_places');
  if (s.clientsAfterSale >= rules.cloneClientsAfterSale) reasons.push('scanned_after_sale');
  const places = Math.max(s.provinces, new Set(s.located.map((l) => `${l.latitude.toFixed(1)},${l.longitude.toFixed(1)}`)).size);
  return { suspected: reasons.length > 0, reasons, places };
}

/** What kind of device asked, from its User-Agent (WeChat's in-app browser says MicroMessenger). */
export function deviceClass(userAgent: string | undefined): 'mobile' | 'desktop' | 'wechat' | 'other' {
  const ua = userAgent ?? '';
  if (/MicroMessenger/i.test(ua)) return 'wechat';
  if (/Mobi|Android|iPhone|iPad|HarmonyOS/i.test(ua)) return 'mobile';
  if (/Windows NT|Macintosh|X11|Linux/i.test(ua)) return 'desktop';
  return 'other';
}
