/**
 * Does a code look cloned? A genuine item is scanned a few times by a few people in one place; a
 * copied code printed on many fakes is scanned often, far apart, and after the real one was sold.
 * Pure: the scans come summed up from the database, the thresholds from configuration
 * (`YIMA_CLONE_*`).
 */

export interface ScanSummary {
  readonly count: number;
  /** Distinct provinces of the scanners' address regions (when an address table is configured). */
  readonly provinces: number;
  /** Places people chose to share (rounded to 0.1°). */
  readonly located: readonly { readonly latitude: number; readonly longitude: number }[];
  /** Distinct scanners after the recorded sale (0 when not sold). */
  readonly clientsAfterSale: number;
}

export interface CloneRules {
  readonly cloneScans: number;
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
 * The verdict over the scans so far: many scans, distant places (different provinces, or shared
 * locations at least `cloneDistanceKm` apart), or several scanners after the sale.
 *
 * @example cloneSigns({ count: 2, provinces: 0, located: [hangzhou, harbin], clientsAfterSale: 0 }, rules)
 *   // { suspected: true, reasons: ['distant_places'], places: 2 }
 */
export function cloneSigns(s: ScanSummary, rules: CloneRules) {
  const reasons: string[] = [];
  if (s.count >= rules.cloneScans) reasons.push('many_scans');
  let far = s.provinces > 1;
  for (let i = 0; i < s.located.length && !far; i++) {
    for (let j = i + 1; j < s.located.length && !far; j++) {
      const a = s.located[i];
      const b = s.located[j];
      if (a && b && distanceKm(a, b) >= rules.cloneDistanceKm) far = true;
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
