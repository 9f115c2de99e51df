/**
 * Linksets and link choice for the GS1 Digital Link resolver (pure; the resolver service and routes
 * call these).
 *
 * - {@link buildLinkset}: the RFC 9264 `application/linkset+json` document in the shape GS1-Conformant
 *   Resolver 1.2 §2.10 prescribes (validated by its linkset schema): one link context object per
 *   anchor, relation types as full IRIs of the GS1 Web Vocabulary (`https://ref.gs1.org/voc/pip`:
 *   §2.14 binds `gs1:` to `https://ref.gs1.org/voc/`), each target with `href` and `title` (§2.5.3
 *   SHALL) and optionally `type` and `hreflang`, plus exactly one `gs1:defaultLink` (§2.5.8).
 * - {@link linkHeader}: the HTTP `Link` header value pointing to the linkset (RFC 9264 §6, relation
 *   `linkset`), the JSON-LD context GS1 publishes for linksets (§2.10), and `owl:sameAs` for a
 *   compressed request (§2.3).
 * - {@link chooseLink}: the link a `?linkType=…` request redirects to (§2.6).
 */
import { RESOLVER_LINK_TYPES, linkTypeCurie, linkTypeIri } from '../links/link-types.ts';
import type { ResolverLink } from '../links/links.schemas.ts';

/** RFC 9264 §4.2: the media type of a linkset in JSON. */
export const LINKSET_MEDIA_TYPE = 'application/linkset+json';

/** The JSON-LD context GS1 publishes for linksets (Resolver 1.2 artefacts; unchanged since 1.0.0). */
export const GS1_LINKSET_CONTEXT = 'https://ref.gs1.org/standards/resolver/linkset-context';

/** JSON-LD 1.1 §6.1: the relation type of a Link header that gives a JSON document its context. */
export const JSON_LD_CONTEXT_REL = 'http://www.w3.org/ns/json-ld#context';

/** One target of a relation (RFC 9264 §4.2.4): the attributes the GS1 linkset schema allows that we use. */
export interface LinkTarget {
  readonly href: string;
  readonly title: string;
  /** The target's media type. */
  readonly type?: string;
  readonly hreflang?: readonly string[];
}

/** A link context object (RFC 9264 §4.2.2): its anchor, a description, and targets by relation type IRI. */
export interface LinkContextObject {
  readonly anchor: string;
  readonly itemDescription: string;
  readonly [relationType: string]: string | readonly LinkTarget[];
}

/** An `application/linkset+json` document. */
export interface Linkset {
  readonly linkset: readonly LinkContextObject[];
}

export interface LinksetInput {
  /** The request's GS1 Digital Link URI on our domain, e.g. `https://yima.example/01/06901234567892/10/L1`. */
  readonly anchor: string;
  /** What the item is, e.g. the product's name and model (the GS1 schema requires it). */
  readonly itemDescription: string;
  /** The producer's links (lot first, then GTIN: `linksFor`), then the platform's own. */
  readonly links: readonly ResolverLink[];
  /**
   * The uncompressed Digital Link when the request was compressed: it becomes the anchor, since the
   * facts presented SHALL be about the uncompressed URI (Resolver 1.2 §2.3; see {@link linkHeader}).
   */
  readonly sameAs?: string | undefined;
  /**
   * The href of the link a plain request resolves to (one of `links`): it becomes `gs1:defaultLink`.
   * Without it, the best `defaultLinkType` link by {@link chooseLink}, else the first link marked
   * default, else the first link.
   */
  readonly defaultHref?: string | undefined;
  /** The link type whose link is the default when `defaultHref` is not given; `gs1:pip` by default. */
  readonly defaultLinkType?: string | undefined;
}

// The GS1 linkset schema's patterns for language tags and media types (hreflang: `(^\w{2}$)|(^\w{2}-\w{2}$)`).
const SCHEMA_LANGUAGE = /^[A-Za-z]{2}(-[A-Za-z]{2})?$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
// RFC 8288 §3.3 reg-rel-type, within what the GS1 linkset schema accepts as a key (`[a-z-]+`).
const REGISTERED_RELATION = /^[a-z][a-z-]*$/;

/**
 * The relation type a link type is written as in a linkset: GS1 link types (CURIE or IRI in any GS1
 * namespace) as `https://ref.gs1.org/voc/…` IRIs; other IRIs and registered relation types as given.
 * Throws for anything else (a caller's bug).
 *
 * @example relationType('gs1:pip') // → 'https://ref.gs1.org/voc/pip'
 * @example relationType('https://gs1.org/voc/pip') // → 'https://ref.gs1.org/voc/pip'
 * @example relationType('describedby') // → 'describedby'
 */
export function relationType(linkType: string): string {
  const curie = linkTypeCurie(linkType);
  if (curie !== undefined) return linkTypeIri(curie);
  if (/^https?:\/\/[^\s#]+$/i.test(linkType) || REGISTERED_RELATION.test(linkType)) return linkType;
  throw new Error(`not a link relation type: ${linkType}`);
}

/** Two link types are the same when they name the same relation (`gs1:pip` = `https://ref.gs1.org/voc/pip`). */
function sameLinkType(a: string, b: string): boolean {
  const ca: string = linkTypeCurie(a) ?? a;
  const cb: string = linkTypeCurie(b) ?? b;
  return ca === cb;
}

function absoluteHttp(uri: string, what: string): string {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new Error(`${what} is not an absolute URI: ${uri}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`${what} is not an http(s) URI: ${uri}`);
  return u.href;
}

function targetOf(link: ResolverLink): LinkTarget {
  // Resolver CE drops `und` in linksets too: the GS1 schema accepts only ll and ll-CC tags.
  const hreflang = (link.hreflang ?? []).filter((t) => t.toLowerCase() !== 'und' && SCHEMA_LANGUAGE.test(t));
  return {
    href: absoluteHttp(link.href, 'a link href'),
    title: link.title,
    ...(link.mediaType !== undefined && MEDIA_TYPE.test(link.mediaType) && { type: link.mediaType }),
    ...(hreflang.length > 0 && { hreflang }),
  };
}

/**
 * Builds the linkset of one item: one link context object whose anchor is the (uncompressed) request URI
 * and which holds every link that applies to it — a lot's links and its GTIN's together, as the union
 * Resolver 1.2 §2.5.9 asks for — by relation type, in the order given, without repeats; and the one
 * `gs1:defaultLink` (title only, §2.5.8).
 *
 * @example
 * buildLinkset({
 *   anchor: 'https://yima.example/01/06901234567892/10/L1',
 *   itemDescription: '家用燃气灶 JZT-2',
 *   links: [{ linkType: 'gs1:pip', href: 'https://maker.example/jzt-2', title: '产品介绍', hreflang: ['zh'], mediaType: 'text/html' }],
 * });
 * // → { linkset: [{ anchor: 'https://yima.example/01/06901234567892/10/L1', itemDescription: '家用燃气灶 JZT-2',
 * //      'https://ref.gs1.org/voc/defaultLink': [{ href: 'https://maker.example/jzt-2', title: '产品介绍' }],
 * //      'https://ref.gs1.org/voc/pip': [{ href: 'https://maker.example/jzt-2', title: '产品介绍', type: 'text/html', hreflang: ['zh'] }] }] }
 */
export function buildLinkset(input: LinksetInput): Linkset {
  const anchor = absoluteHttp(input.sameAs ?? input.anchor, 'the anchor');
  const relations = new Map<string, LinkTarget[]>();
  const seen = new Set<string>();
  for (const link of input.links) {
    const rel = relationType(link.linkType);
    const target = targetOf(link);
    const id = `${rel}\n${target.href}\n${target.type ?? ''}\n${(target.hreflang ?? []).join(',')}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const list = relations.get(rel);
    if (list) list.push(target);
    else relations.set(rel, [target]);
  }
  const chosen = defaultOf(input);
  const context: Record<string, string | readonly LinkTarget[]> = { anchor, itemDescription: input.itemDescription };
  if (chosen) context[linkTypeIri(RESOLVER_LINK_TYPES.defaultLink)] = [{ href: absoluteHttp(chosen.href, 'the default href'), title: chosen.title }];
  for (const [rel, targets] of relations) context[rel] = targets;
  return { linkset: [context as LinkContextObject] };
}

function defaultOf(input: LinksetInput): ResolverLink | undefined {
  if (input.defaultHref !== undefined) {
    const given = input.links.find((l) => l.href === input.defaultHref);
    // §2.5.8: the default link SHALL also be listed under a descriptive link type.
    if (!given) throw new Error(`defaultHref ${input.defaultHref} is not one of the links`);
    return given;
  }
  return chooseLink(input.links, input.defaultLinkType ?? 'gs1:pip', undefined) ?? input.links.find((l) => l.isDefault) ?? input.links[0];
}

/**
 * The linkset's own URL for an item: its Digital Link without query or fragment, with `linkType=linkset`
 * (Resolver 1.2 §2.2; `linkType=all` is the deprecated form).
 *
 * @example linksetUrl('https://yima.example/01/06901234567892/10/L1?17=271231') // → 'https://yima.example/01/06901234567892/10/L1?linkType=linkset'
 */
export function linksetUrl(uri: string): string {
  const end = uri.search(/[?#]/);
  return `${end < 0 ? uri : uri.slice(0, end)}?linkType=linkset`;
}

export interface LinkHeaderOptions {
  /** The uncompressed Digital Link when the request was compressed (Resolver 1.2 §2.3: SHALL expose it as `owl:sameAs`). */
  readonly sameAs?: string | undefined;
  /**
   * Add the link to GS1's JSON-LD context for linksets (§2.10 SHOULD, on responses that carry the
   * linkset as JSON): set it on `application/linkset+json` and `application/json` answers.
   */
  readonly jsonLdContext?: boolean;
}

/**
 * The HTTP `Link` header value for a response about an item: where its linkset is (RFC 9264 §6; the GS1
 * resolver test suite looks for `rel="linkset"`, also on redirects), GS1's JSON-LD context when the
 * response is the linkset, and the uncompressed URI as `owl:sameAs` for a compressed request. That
 * relation is written as GS1's conformance statement words it (`owl:sameAs`) and as its full IRI
 * (RFC 8288 §3.3 allows several relation types in one `rel`).
 *
 * @example linkHeader('https://yima.example/01/06901234567892')
 * // → '<https://yima.example/01/06901234567892?linkType=linkset>; rel="linkset"; type="application/linkset+json"'
 * @example linkHeader('https://yima.example/01/06901234567892', { jsonLdContext: true })
 * // → '<…?linkType=linkset>; rel="linkset"; type="application/linkset+json", <https://ref.gs1.org/standards/resolver/linkset-context>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
 */
export function linkHeader(anchor: string, options: LinkHeaderOptions = {}): string {
  const subject = options.sameAs ?? anchor;
  const parts = [`<${linksetUrl(subject)}>; rel="linkset"; type="${LINKSET_MEDIA_TYPE}"`];
  if (options.jsonLdContext) parts.push(`<${GS1_LINKSET_CONTEXT}>; rel="${JSON_LD_CONTEXT_REL}"; type="application/ld+json"`);
  if (options.sameAs !== undefined && options.sameAs !== anchor) parts.push(`<${options.sameAs}>; rel="owl:sameAs http://www.w3.org/2002/07/owl#sameAs"`);
  return parts.join(', ');
}

/**
 * The language ranges of an Accept-Language header (RFC 9110 §12.5.4), best first (by q, then as
 * listed), lower case; `*` and q=0 left out.
 *
 * @example languageRanges('en;q=0.5, zh-CN') // → ['zh-cn', 'en']
 */
export function languageRanges(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.tag !== '' && r.tag !== '*' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((r) => r.tag);
}

/**
 * How well a link's languages answer the ranges: 0 for no match; otherwise higher for a better-ranked
 * range, and within one range an exact tag (3) over a tag the range narrows (`zh` for `zh-CN`, RFC 4647
 * §3.4 lookup: 2) over a narrower tag (`zh-CN` for `zh`, §3.3.1 basic filtering: 1).
 */
function languageScore(hreflang: readonly string[], ranges: readonly string[]): number {
  let best = 0;
  ranges.forEach((range, k) => {
    for (const raw of hreflang) {
      const tag = raw.toLowerCase();
      const level = tag === range ? 3 : range.startsWith(`${tag}-`) ? 2 : tag.startsWith(`${range}-`) ? 1 : 0;
      if (level > 0) best = Math.max(best, (ranges.length - k) * 4 + level);
    }
  });
  return best;
}

const isNeutral = (hreflang: readonly string[] | undefined) => (hreflang ?? []).every((t) => t.toLowerCase() === 'und');

/**
 * The link a request for `linkType` redirects to (307, Resolver 1.2 §2.6.2), or undefined when there is
 * none of that type (the resolver answers 404). Among the links of that exact type:
 * 1. the best language match for Accept-Language (§2.6.3): `zh-CN` before `zh` for a `zh-CN` reader;
 * 2. then a language-neutral link (no hreflang, or `und`) before one in another language;
 * 3. then the one marked default, then the first given (a lot's links come before its GTIN's).
 * Without Accept-Language the request says nothing about language, so the default comes first (§2.6.1).
 *
 * @example
 * const links = [
 *   { linkType: 'gs1:pip', href: 'https://maker.example/en', title: 'Product', hreflang: ['en'], isDefault: true },
 *   { linkType: 'gs1:pip', href: 'https://maker.example/zh', title: '产品', hreflang: ['zh'] },
 * ];
 * chooseLink(links, 'gs1:pip', 'zh-CN,zh;q=0.9')?.href // → 'https://maker.example/zh'
 * chooseLink(links, 'https://ref.gs1.org/voc/pip', undefined)?.href // → 'https://maker.example/en'
 * chooseLink(links, 'gs1:safetyInfo', 'zh-CN') // → undefined
 */
export function chooseLink(links: readonly ResolverLink[], linkType: string, acceptLanguage: string | undefined): ResolverLink | undefined {
  const ranges = languageRanges(acceptLanguage);
  const ranked = links
    .map((link, i) => ({ link, i, score: languageScore(link.hreflang ?? [], ranges), neutral: isNeutral(link.hreflang), isDefault: link.isDefault === true }))
    .filter((c) => sameLinkType(c.link.linkType, linkType));
  const order = (x: boolean) => (x ? 1 : 0);
  ranked.sort((a, b) =>
    b.score - a.score ||
    (ranges.length > 0
      ? order(b.neutral) - order(a.neutral) || order(b.isDefault) - order(a.isDefault)
      : order(b.isDefault) - order(a.isDefault) || order(b.neutral) - order(a.neutral)) ||
    a.i - b.i);
  return ranked[0]?.link;
}

export type { ResolverLink };
