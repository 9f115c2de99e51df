/**
 * The public scan page: server-rendered HTML for a phone camera or WeChat, 简体中文 first and
 * English. Everything a consumer needs is in the HTML itself (inline CSS, system fonts, no
 * third-party requests), so the page is readable before any script runs; the one deferred
 * script (`/assets/scan.js`, see `src/web/scan/scan.ts`) only re-checks the ledger proof on the
 * phone and sends a location the user chose to share. Every value is escaped: product names,
 * addresses and links come from enterprises.
 */
import { cstDateTime } from '../../shared/cst.ts';
import { msg, t } from '../../shared/i18n/i18n.ts';
import type { Locale, MessageKey, Params } from '../../shared/i18n/i18n.ts';
import type { Bilingual, JourneyStep, ScanFacts } from './scan-facts.ts';

/** How a page is rendered: its language, its own URL (for the language toggle), where scan.js is. */
export interface ScanPageOptions {
  readonly locale: Locale;
  /** This page's URL (absolute or a path with its query); the toggle links to it with `lang` changed. */
  readonly url: string;
  /** Path prefix of the static assets (the page loads `${assetBase}/scan.js`); '' means `/assets`. */
  readonly assetBase: string;
  /**
   * Identifies facts whose every part but the scans (count, clone signs, scan id) is the same —
   * the resolver's cached facts of a code. Pages of one key reuse the rendering of those parts.
   */
  readonly staticKey?: string;
}

// Rendered static parts of registered-code pages, by staticKey, locale and URL (bounded).
const memo = new Map<string, { readonly title: string; readonly top: string; readonly middle: string; readonly tail: string }>();

/** Categories of the "report a problem" form, in the order shown. */
export const SCAN_REPORT_CATEGORIES = ['counterfeit', 'quality', 'label', 'other'] as const;
/** One of {@link SCAN_REPORT_CATEGORIES}. */
export type ScanReportCategory = (typeof SCAN_REPORT_CATEGORIES)[number];

/**
 * The fields the report form posts (`application/x-www-form-urlencoded` to
 * `POST /api/v1/scan-reports?lang=zh|en`, the query keeping the page's language for the answer):
 * what `ReportBody` in resolver.schemas.ts accepts. An untouched contact box posts `contact=`.
 */
export interface ScanReportFormFields {
  readonly code: string;
  readonly category: ScanReportCategory;
  readonly message: string;
  readonly contact?: string;
}

/** Longest message and contact the form lets a user type (within what `ReportBody` accepts). */
export const SCAN_REPORT_LIMITS = { message: 2000, contact: 200 } as const;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example escapeHtml('<script>"x"</script>') // → '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
 */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const e = escapeHtml;

/** A tiny renderer bound to one locale: the translated, escaped text of a key. */
function texts(locale: Locale) {
  const tr = (key: MessageKey, params?: Params) => e(t(locale, key, params));
  const pick = (b: Bilingual) => (locale === 'en' ? b.en : b.zh);
  return { locale, tr, pick };
}
type Texts = ReturnType<typeof texts>;

// Dates arrive as calendar dates (production, inspection) or instants (scans, recalls). Instants
// are shown in China Standard Time, where the platform's users and regulators are.
function when(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const cst = cstDateTime(d);
  return `${cst.slice(0, 10)} ${cst.slice(11, 16)}`;
}

/** A label/value list; rows without a value are left out. */
function list(rows: readonly (readonly [string, string | null | undefined])[]): string {
  const shown = rows.filter((r): r is readonly [string, string] => r[1] !== null && r[1] !== undefined && r[1] !== '');
  if (shown.length === 0) return '';
  return `<dl>${shown.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

const CSS = [
  '*{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%}',
  'body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#111827;background:#f3f4f6}',
  'header{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.55rem 1rem;background:#14532d;color:#fff;font-size:.9rem}',
  'header a{color:#fff;font-weight:600;padding:.3rem .2rem}',
  'main{max-width:40rem;margin:0 auto;padding:.75rem}',
  'section{background:#fff;border-radius:.6rem;padding:.85rem 1rem;margin:0 0 .75rem;box-shadow:0 1px 2px #0000000f}',
  'h1{font-size:1.4rem;line-height:1.3;margin:0 0 .2rem}',
  'h2{font-size:1.02rem;margin:0 0 .5rem;color:#374151}',
  'p{margin:.3rem 0}',
  'dl{display:grid;grid-template-columns:fit-content(35%) 1fr;gap:.25rem .8rem;margin:.4rem 0 0}',
  'dt{color:#6b7280}dd{margin:0;overflow-wrap:anywhere}time{white-space:nowrap}',
  '.sub{color:#4b5563;margin:0 0 .4rem}',
  '.recall{background:#b91c1c;color:#fff;border-radius:0;margin:0;padding:1rem}',
  '.recall h2{color:#fff;font-size:1.3rem}.recall dt{color:#fecaca}.recall dl{max-width:38rem}',
  '.warn{background:#fffbeb;border-left:.35rem solid #d97706}.warn h2{color:#92400e}',
  '.ok{color:#15803d;font-weight:700}.bad{color:#b91c1c;font-weight:700}',
  '.note{color:#6b7280;font-size:.88rem}',
  'ol.tl{list-style:none;margin:0;padding:0 0 0 .9rem;border-left:2px solid #d1d5db}',
  'ol.tl li{position:relative;padding:0 0 .55rem .6rem}',
  'ol.tl li::before{content:"";position:absolute;left:-1.32rem;top:.5rem;width:.6rem;height:.6rem;border-radius:50%;background:#14532d}',
  'ol.tl time{color:#6b7280;font-size:.9rem;margin-right:.5rem}',
  'ul{margin:.3rem 0;padding-left:1.2rem}',
  'a{color:#1d4ed8}',
  'code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere;background:#f3f4f6;padding:0 .2em}',
  'mark{background:#fecaca}',
  'label{display:block;margin:.55rem 0 .2rem;color:#374151}',
  'select,textarea,input[type=text]{width:100%;font:inherit;padding:.5rem;border:1px solid #9ca3af;border-radius:.4rem;background:#fff}',
  'textarea{min-height:6rem}',
  'button{font:inherit;margin-top:.7rem;padding:.55rem 1.2rem;border:0;border-radius:.4rem;background:#14532d;color:#fff}',
  'button.plain{background:#e5e7eb;color:#111827}',
  '#ledger-status{font-weight:600}#location button{margin-top:0}',
  'footer{max-width:40rem;margin:0 auto;padding:0 1rem 2rem;color:#6b7280;font-size:.8rem}',
].join('');

/** The language toggle: the same URL with `lang` set, as a path so it never names a host. */
function toggleHref(url: string, to: Locale): string {
  const u = new URL(url, 'http://page.invalid');
  u.searchParams.set('lang', to === 'en' ? 'en' : 'zh');
  return u.pathname + u.search;
}

/** The document around a page's content; `top` goes above the header (the recall banner). */
function page(x: Texts, opts: ScanPageOptions, parts: { readonly title: string; readonly top?: string; readonly main: string; readonly script: boolean }): string {
  const other: Locale = x.locale === 'en' ? 'zh-CN' : 'en';
  const base = opts.assetBase.replace(/\/$/, '') || '/assets';
  const script = parts.script ? `<script src="${e(`${base}/scan.js`)}" defer></script>` : '';
  return (
    `<!doctype html><html lang="${x.locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">' +
    `<meta name="theme-color" content="#14532d"><title>${parts.title}</title><style>${CSS}</style>${script}</head><body>` +
    (parts.top ?? '') +
    `<header><span>${x.tr('scan.site')}</span><a href="${e(toggleHref(opts.url, other))}" hreflang="${other}" lang="${other}">${x.tr('scan.lang_switch')}</a></header>` +
    `<main>${parts.main}</main><footer><p>${x.tr('scan.footer')}</p></footer></body></html>`
  );
}

function recallBanner(x: Texts, recalls: ScanFacts['recalls']): string {
  if (recalls.length === 0) return '';
  const items = recalls
    .map((r) => list([
      [x.tr('scan.recall.reason'), e(r.reason)],
      [x.tr('scan.recall.instructions'), e(r.instructions)],
      [x.tr('scan.recall.date'), e(when(r.openedAt))],
    ]))
    .join('');
  return `<section class="recall" id="recall" role="alert"><h2>⚠ ${x.tr('scan.recall.title')}</h2><p>${x.tr('scan.recall.stop')}</p>${items}</section>`;
}

const CLONE_REASONS: Readonly<Record<string, MessageKey>> = {
  many_sessions: 'scan.clone.reason.many_sessions',
  distant_places: 'scan.clone.reason.distant_places',
  scanned_after_sale: 'scan.clone.reason.scanned_after_sale',
};

function cloneWarning(x: Texts, s: ScanFacts['scans']): string {
  if (!s.cloneSuspected) return '';
  const first = s.firstAt === null ? '' : s.firstPlace
    ? x.tr('scan.clone.first', { when: when(s.firstAt), place: x.pick(s.firstPlace) })
    : x.tr('scan.clone.first_noplace', { when: when(s.firstAt) });
  const reasons = [...new Set(s.reasons)].map((r) => x.tr(CLONE_REASONS[r] ?? 'scan.clone.reason.other', { places: s.places, afterSale: s.afterSale }));
  return (
    `<section class="warn" id="clone" role="alert"><h2>⚠ ${x.tr('scan.clone.title')}</h2>` +
    (first && `<p>${first}</p>`) +
    `<p>${x.tr('scan.clone.count', { count: s.count, sessions: s.sessions })}</p>` +
    (reasons.length ? `<p>${x.tr('scan.clone.why')}</p><ul>${reasons.map((r) => `<li>${r}</li>`).join('')}</ul>` : '') +
    `<p class="note">${x.tr('scan.clone.advice')}</p></section>`
  );
}

function productSection(x: Texts, f: ScanFacts): string {
  const p = f.product;
  if (!p) return '';
  const sub = [p.brand, p.model].filter((v): v is string => Boolean(v)).map(e).join(' · ');
  return (
    `<section id="product"><h1>${e(p.name)}</h1>${sub && `<p class="sub">${sub}</p>`}` +
    list([
      [x.tr('scan.product.category'), e(x.pick(p.category.name))],
      [x.tr('scan.product.model'), e(p.model)],
      [x.tr('scan.product.brand'), p.brand === null ? null : e(p.brand)],
      [x.tr('scan.product.standard'), e(p.standard)],
      [x.tr('scan.product.gtin'), p.gtin === null ? null : e(p.gtin)],
      ...p.attributes.map((a) => [e(x.pick(a.label)), e(a.value)] as const),
    ]) +
    '</section>'
  );
}

function producerSection(x: Texts, f: ScanFacts): string {
  const o = f.producer;
  if (!o) return '';
  return (
    `<section id="producer"><h2>${x.tr('scan.producer.title')}</h2><p><strong>${e(o.name)}</strong></p>` +
    list([
      [x.tr('scan.producer.address'), e(o.address)],
      [x.tr('scan.producer.region'), o.region ? e(x.pick(o.region)) : null],
      [x.tr('scan.producer.uscc'), e(o.uscc)],
    ]) +
    '</section>'
  );
}

const CCC_STATUS: Readonly<Record<string, MessageKey>> = {
  valid: 'scan.ccc.status.valid',
  suspended: 'scan.ccc.status.suspended',
  withdrawn: 'scan.ccc.status.withdrawn',
  cancelled: 'scan.ccc.status.cancelled',
  expired: 'scan.ccc.status.expired',
};

function qualitySections(x: Texts, f: ScanFacts): string {
  let out = '';
  if (f.batch) {
    out += `<section id="batch"><h2>${x.tr('scan.batch.title')}</h2>${list([
      [x.tr('scan.batch.lot'), e(f.batch.lot)],
      [x.tr('scan.batch.production_date'), e(when(f.batch.productionDate))],
    ])}</section>`;
  }
  const i = f.inspection;
  if (i) {
    const result = i.result === 'pass' ? `<span class="ok">${x.tr('scan.inspection.pass')}</span>` : `<span class="bad">${x.tr('scan.inspection.fail')}</span>`;
    out += `<section id="inspection"><h2>${x.tr('scan.inspection.title')}</h2>${list([
      [x.tr('scan.inspection.result'), result],
      [x.tr('scan.inspection.report'), e(i.reportNumber)],
      [x.tr('scan.inspection.body'), i.body === null ? null : e(i.body)],
      [x.tr('scan.inspection.date'), e(when(i.date))],
    ])}</section>`;
  }
  const c = f.ccc;
  if (c) {
    const key = CCC_STATUS[c.status];
    const status = key ? x.tr(key) : e(c.status);
    // Each date in a <time> that does not wrap (a phone would otherwise break "2099-12-|31").
    const day = (d: string | null) => `<time>${e(d ?? '…')}</time>`;
    const validity = c.validFrom || c.validTo
      ? x.tr('scan.ccc.range').replace(/\{(from|to)\}/g, (_m, which: string) => day(which === 'from' ? c.validFrom : c.validTo))
      : null;
    out += `<section id="ccc"><h2>${x.tr('scan.ccc.title')}</h2>${list([
      [x.tr('scan.ccc.number'), e(c.number)],
      [x.tr('scan.ccc.status'), `<span class="${c.status === 'valid' ? 'ok' : 'bad'}">${status}</span>`],
      [x.tr('scan.ccc.validity'), validity],
    ])}</section>`;
  }
  const l = f.licence;
  if (l) {
    out += `<section id="licence"><h2>${x.tr('scan.licence.title')}</h2>${list([
      [x.tr('scan.licence.number'), e(l.number)],
      [x.tr('scan.licence.valid_to'), l.validTo === null ? null : e(l.validTo)],
    ])}</section>`;
  }
  return out;
}

const STEPS: Readonly<Record<JourneyStep, MessageKey>> = {
  produced: 'scan.step.produced',
  inspected: 'scan.step.inspected',
  packed: 'scan.step.packed',
  shipped: 'scan.step.shipped',
  received: 'scan.step.received',
  sold: 'scan.step.sold',
  returned: 'scan.step.returned',
  recalled: 'scan.step.recalled',
  destroyed: 'scan.step.destroyed',
};

function journeySection(x: Texts, f: ScanFacts): string {
  if (f.journey.length === 0) return '';
  const items = f.journey
    .map((j) => `<li>${j.date === null ? '' : `<time>${e(when(j.date))}</time>`}${x.tr(STEPS[j.step])}${j.region ? ` · ${e(x.pick(j.region))}` : ''}</li>`)
    .join('');
  return `<section id="journey"><h2>${x.tr('scan.journey.title')}</h2><ol class="tl">${items}</ol></section>`;
}

/** The scan history line and the opt-in location button (hidden until the script can use it). */
function scansSection(x: Texts, f: ScanFacts): string {
  if (f.status !== 'registered' && f.scanId === null) return '';
  const s = f.scans;
  const summary = f.status !== 'registered' || s.cloneSuspected ? '' : s.count === 0 || s.firstAt === null
    ? `<p>${x.tr('scan.scans.first')}</p>`
    : `<p>${x.tr('scan.scans.summary', { count: s.count, when: when(s.firstAt) })}</p>`;
  const location = f.scanId === null ? ''
    : `<div id="location" hidden data-url="/api/v1/scans/${e(encodeURIComponent(f.scanId))}/location" data-ok="${x.tr('scan.location.ok')}" data-fail="${x.tr('scan.location.fail')}">` +
    `<button type="button" class="plain">${x.tr('scan.location.button')}</button><p class="note" role="status">${x.tr('scan.location.hint')}</p></div>`;
  if (!summary && !location) return '';
  return `<section id="scans">${summary}${location}</section>`;
}

function ledgerSection(x: Texts, f: ScanFacts): string {
  const l = f.ledger;
  if (!l) return '';
  // The script reads its words from these attributes, so it needs no catalogue of its own;
  // `{size}` and `{reason}` are left for it to fill.
  const data = [
    ['proof-url', l.proofUrl],
    ['size', String(l.checkpointSize)],
    ['ok', t(x.locale, 'scan.ledger.ok')],
    ['fail', t(x.locale, 'scan.ledger.fail')],
    ['reason-fetch', t(x.locale, 'scan.ledger.reason.fetch')],
    ['reason-signature', t(x.locale, 'scan.ledger.reason.signature')],
    ['reason-mismatch', t(x.locale, 'scan.ledger.reason.mismatch')],
    ['reason-unsupported', t(x.locale, 'scan.ledger.reason.unsupported')],
    // Names of the records the proof covers (the proof labels them by journey step).
    ['failed-record', t(x.locale, 'scan.ledger.failed_record')],
    ['label-registration', t(x.locale, 'scan.ledger.registration')],
    ...Object.entries(STEPS).map(([step, key]) => [`label-${step}`, t(x.locale, key)]),
  ].map(([k, v]) => ` data-${k}="${e(v ?? '')}"`).join('');
  return (
    `<section id="ledger"${data}><h2>${x.tr('scan.ledger.title')}</h2>` +
    `<p id="ledger-status" role="status" aria-live="polite">${x.tr('scan.ledger.checking')}</p>` +
    `<noscript><p class="note">${x.tr('scan.ledger.noscript')}</p></noscript>` +
    `<p class="note">${x.tr('scan.ledger.explain')}</p></section>`
  );
}

// Only web links: a producer must not be able to plant `javascript:` or `data:` URLs.
function safeHref(href: string): string | null {
  if (href.startsWith('/') && !href.startsWith('//')) return href;
  try {
    const u = new URL(href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function linksSection(x: Texts, f: ScanFacts): string {
  const lang = x.locale === 'en' ? 'en' : 'zh';
  const matches = (l: ScanFacts['links'][number]) => !l.hreflang?.length || l.hreflang.some((h) => h.toLowerCase().split('-')[0] === lang);
  // A link in the other language is shown only when its type has none in this one.
  const shown = f.links.filter((l) => matches(l) || !f.links.some((o) => o.linkType === l.linkType && matches(o)));
  const items = shown
    .map((l) => {
      const href = safeHref(l.href);
      if (!href) return '';
      const external = !href.startsWith('/');
      const host = external ? new URL(href).host : '';
      return `<li><a href="${e(href)}"${external ? ' rel="noopener noreferrer nofollow" target="_blank"' : ''}${l.hreflang?.[0] ? ` hreflang="${e(l.hreflang[0])}"` : ''}>${e(l.title || l.linkType)}</a>${host && ` <span class="note">${e(host)}</span>`}</li>`;
    })
    .join('');
  if (!items) return '';
  return `<section id="links"><h2>${x.tr('scan.links.title')}</h2><ul>${items}</ul></section>`;
}

/**
 * The "report a problem" form: a plain POST that works without JavaScript (the route answers
 * with {@link renderReportThanks}). Fields: see {@link ScanReportFormFields}.
 *
 * `producerKnown: false` (an unregistered code) says the report goes to the regulator without
 * naming a producer's region.
 *
 * @example renderReportForm('zh-CN', '(01)06901234567892(21)A1') // '<section id="report">…</section>'
 */
export function renderReportForm(locale: Locale, code: string, opts: { readonly producerKnown?: boolean } = {}): string {
  const x = texts(locale);
  const intro = opts.producerKnown === false ? 'scan.report.intro_unknown' : 'scan.report.intro';
  const options = SCAN_REPORT_CATEGORIES.map((c) => `<option value="${c}">${x.tr(`scan.report.category.${c}`)}</option>`).join('');
  return (
    `<section id="report"><h2>${x.tr('scan.report.title')}</h2><p class="note">${x.tr(intro)}</p>` +
    `<form method="post" action="/api/v1/scan-reports?lang=${locale === 'en' ? 'en' : 'zh'}">` +
    `<input type="hidden" name="code" value="${e(code)}">` +
    `<label for="r-category">${x.tr('scan.report.category')}</label><select id="r-category" name="category" required>${options}</select>` +
    `<label for="r-message">${x.tr('scan.report.description')}</label><textarea id="r-message" name="message" required maxlength="${SCAN_REPORT_LIMITS.message}"></textarea>` +
    `<label for="r-contact">${x.tr('scan.report.contact')}</label><input type="text" id="r-contact" name="contact" maxlength="${SCAN_REPORT_LIMITS.contact}" autocomplete="tel" aria-describedby="r-contact-hint">` +
    `<p class="note" id="r-contact-hint">${x.tr('scan.report.contact_hint')}</p>` +
    `<button type="submit">${x.tr('scan.report.submit')}</button></form></section>`
  );
}

/** The code box (GET /scan?code=…), shown alone at /scan and under an unreadable code. */
function codeBox(x: Texts, value: string): string {
  return (
    `<section id="code-form"><h2>${x.tr('scan.form.title')}</h2><form method="get" action="/scan">` +
    (x.locale === 'en' ? '<input type="hidden" name="lang" value="en">' : '') +
    `<label for="code">${x.tr('scan.form.label')}</label><input type="text" id="code" name="code" value="${e(value)}" required autocomplete="off" autocapitalize="off" spellcheck="false" inputmode="text">` +
    `<p class="note">${x.tr('scan.form.hint')}</p><button type="submit">${x.tr('scan.form.submit')}</button></form></section>`
  );
}

const SCHEMES: Readonly<Record<string, MessageKey>> = {
  gs1: 'scan.scheme.gs1',
  ecode: 'scan.scheme.ecode',
  ccc: 'scan.scheme.ccc',
  yima: 'scan.scheme.yima',
  uscc: 'scan.scheme.uscc',
  licence: 'scan.scheme.licence',
  opaque: 'scan.scheme.opaque',
};

function unknownBody(x: Texts, f: ScanFacts): string {
  const q = f.query;
  const schemeKey = q.scheme === null ? undefined : SCHEMES[q.scheme];
  // Raw text: tr() escapes its parameters with the message.
  const scheme = schemeKey ? t(x.locale, schemeKey) : q.scheme ?? '';
  const elements = list(q.elements.map((el) => [e(el.ai ? `(${el.ai}) ${el.name}` : el.name), `<code>${e(el.value)}</code>`] as const));
  return (
    `<section id="unknown" class="warn"><h1>${x.tr('scan.unknown.title')}</h1>` +
    (scheme && `<p>${x.tr('scan.unknown.looks_like', { scheme })}</p>`) +
    `<p><code>${e(q.key ?? q.input)}</code></p>` +
    (elements && `<h2>${x.tr('scan.unknown.elements')}</h2>${elements}`) +
    `<p class="note">${x.tr('scan.unknown.not_fake')}</p></section>` +
    `<section id="todo"><h2>${x.tr('scan.unknown.todo')}</h2><ul><li>${x.tr('scan.unknown.dont_buy')}</li><li>${x.tr('scan.unknown.ask_seller')}</li><li>${x.tr('scan.unknown.report')}</li></ul></section>`
  );
}

/** The input with the offending character marked (position is 1-based). */
function markedInput(input: string, position: number | undefined): string {
  const chars = [...input];
  if (position === undefined || position < 1 || position > chars.length) return e(input);
  return e(chars.slice(0, position - 1).join('')) + `<mark>${e(chars[position - 1] ?? '')}</mark>` + e(chars.slice(position).join(''));
}

/** The parser's message in the page's language, without its own trailing position when the page says it. */
function problemText(x: Texts, inv: NonNullable<ScanFacts['invalid']>, positionShown: boolean): string {
  if (inv.reason) return x.tr(inv.reason.key, positionShown ? { ...inv.reason.params, at: '' } : inv.reason.params);
  return e(positionShown ? inv.error.replace(/\s*\(position \d+\)$/, '') : inv.error);
}

function invalidBody(x: Texts, f: ScanFacts): string {
  const inv = f.invalid;
  const at = inv?.position === undefined ? '' : x.tr('scan.invalid.position', { position: inv.position });
  const where = at && x.tr('scan.invalid.where', { at: msg('scan.invalid.position', { position: inv?.position ?? '' }) });
  return (
    `<section id="invalid" class="warn"><h1>${x.tr('scan.invalid.title')}</h1>` +
    list([
      [x.tr('scan.invalid.scanned'), `<code>${markedInput(f.query.input, inv?.position)}</code>`],
      // The parser's message may end with its own "(position N)": ours says it in the page's language.
      [x.tr('scan.invalid.problem'), inv ? problemText(x, inv, where !== '') + where : null],
    ]) +
    '</section>' +
    `<section id="retry"><h2>${x.tr('scan.invalid.retry')}</h2><ul><li>${x.tr('scan.invalid.tip_frame')}</li><li>${x.tr('scan.invalid.tip_angle')}</li><li>${x.tr('scan.invalid.tip_type')}</li></ul></section>` +
    codeBox(x, f.query.input)
  );
}

/**
 * The scan page for one code: registered (product, producer, quality, journey, ledger proof,
 * links, report form), unknown (what the code seems to be and what to do) or invalid (what is
 * wrong and how to scan again). Sections appear only when there is data; a recall banner is
 * always first.
 *
 * @example
 * reply.type('text/html; charset=utf-8').send(renderScanPage(facts, { locale: 'zh-CN', url: req.url, assetBase: '/assets' }));
 */
export function renderScanPage(facts: ScanFacts, opts: ScanPageOptions): string {
  const x = texts(opts.locale);
  const code = facts.query.key ?? facts.query.input;
  let title: string;
  let main: string;
  if (facts.status === 'invalid') {
    title = x.tr('scan.invalid.title');
    main = invalidBody(x, facts);
  } else if (facts.status === 'unknown') {
    title = x.tr('scan.unknown.title');
    main = unknownBody(x, facts) + scansSection(x, facts) + linksSection(x, facts) + renderReportForm(opts.locale, code, { producerKnown: false });
  } else {
    const key = opts.staticKey === undefined ? undefined : `${opts.staticKey}|${opts.locale}|${opts.url}|${opts.assetBase}`;
    let parts = key === undefined ? undefined : memo.get(key);
    if (!parts) {
      const heading = facts.product ? '' : `<section><h1><code>${e(code)}</code></h1></section>`;
      parts = {
        title: x.tr('scan.page_title', { name: facts.product?.name ?? code }),
        top: recallBanner(x, facts.recalls),
        middle: heading + productSection(x, facts) + producerSection(x, facts) + qualitySections(x, facts) + journeySection(x, facts) + ledgerSection(x, facts),
        tail: linksSection(x, facts) + renderReportForm(opts.locale, code),
      };
      if (key !== undefined) {
        if (memo.size >= 5000) memo.clear();
        memo.set(key, parts);
      }
    }
    return page(x, opts, { title: parts.title, top: parts.top, main: cloneWarning(x, facts.scans) + parts.middle + scansSection(x, facts) + parts.tail, script: facts.ledger !== null || facts.scanId !== null });
  }
  // The banner sits above everything, even the header: it is the one thing a user must not miss.
  return page(x, opts, { title, top: recallBanner(x, facts.recalls), main, script: facts.ledger !== null || facts.scanId !== null });
}

/**
 * The page at `/scan` without a code: a box to paste or type one (submits `GET /scan?code=`).
 *
 * @example renderScanForm('en') // '<!doctype html>…<input … name="code" …>…'
 */
export function renderScanForm(locale: Locale, opts: { readonly url?: string; readonly value?: string } = {}): string {
  const x = texts(locale);
  return page(x, { locale, url: opts.url ?? '/scan', assetBase: '' }, { title: x.tr('scan.form.title'), main: codeBox(x, opts.value ?? ''), script: false });
}

/**
 * The small page the report form's POST answers with (no JavaScript needed).
 *
 * @example reply.code(201).type('text/html; charset=utf-8').send(renderReportThanks('zh-CN', { backUrl: '/01/06901234567892/21/A1' }))
 */
export function renderReportThanks(locale: Locale, opts: { readonly backUrl?: string; readonly url?: string } = {}): string {
  const x = texts(locale);
  const back = opts.backUrl && opts.backUrl.startsWith('/') && !opts.backUrl.startsWith('//') ? opts.backUrl : '/scan';
  const main =
    `<section id="thanks"><h1>${x.tr('scan.thanks.title')}</h1><p>${x.tr('scan.thanks.body')}</p>` +
    `<p><a href="${e(back)}">${x.tr('scan.thanks.back')}</a></p></section>`;
  return page(x, { locale, url: opts.url ?? back, assetBase: '' }, { title: x.tr('scan.thanks.title'), main, script: false });
}
