/**
 * The resolver at the root (GS1 Digital Link paths, `/id/{scheme}/{value}`, `/scan?code=`) with
 * content negotiation — the scan page for browsers, the same facts as JSON, an RFC 9264 linkset,
 * a 307 to a producer's link for `?linkType=` — plus the resolver description, the page's proof,
 * shared locations and problem reports.
 */
import type { FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault, RouteGenericInterface } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../server/contract.ts';
import { localeOf } from '../../server/problem.ts';
import type { Locale } from '../../shared/i18n/i18n.ts';
import { deviceClass } from './clone.ts';
import { buildLinkset, chooseLink, linkHeader } from './linkset.ts';
import { resolverDescription } from './resolver-description.ts';
import { type Client, type ResolverService, STATIC_KEY } from './resolver.service.ts';
import { IdSchemeParams, Linkset, LocationBody, ProofQuery, ReportBody, ReportQuery, ResolverDescription, ScanFacts, ScanParams, ScanProof, ScanQuery, ScanReport, ScanReportCreated } from './resolver.schemas.ts';
import { renderReportThanks, renderScanForm, renderScanPage } from './scan-page.ts';

/** Primary-key AIs a Digital Link may start with (GS1-Conformant Resolver 1.2 description schema). */
export const PRIMARY_KEY_AIS = ['01', '8006', '8013', '8010', '410', '411', '412', '413', '414', '415', '417', '8017', '8018', '255', '00', '253', '401', '402', '8003', '8004'] as const;

/** Each primary key in its route's operationId (`resolver.resolveGtin`, …): its GS1 name. */
const KEY_NAMES: Readonly<Record<(typeof PRIMARY_KEY_AIS)[number], string>> = {
  '01': 'Gtin', '8006': 'Itip', '8013': 'Gmn', '8010': 'Cpid', '410': 'ShipToGln', '411': 'BillToGln', '412': 'PurchasedFromGln', '413': 'ShipForGln', '414': 'LocationGln',
  '415': 'PayToGln', '417': 'PartyGln', '8017': 'GsrnProvider', '8018': 'GsrnRecipient', '255': 'Gcn', '00': 'Sscc', '253': 'Gdti', '401': 'Ginc', '402': 'Gsin', '8003': 'Grai', '8004': 'Giai',
};

const tags = ['resolver'];
/** The scan page, the facts or the linkset: whichever the request asks for (content negotiation). */
const factsContent = (description: string) => ({
  description,
  content: {
    'text/html': { schema: Type.String({ description: 'the scan page' }) },
    'application/json': { schema: ScanFacts },
    'application/linkset+json': { schema: Linkset },
  },
});
/** An unknown code (404) or a string that is no code (400) still gets its page or facts, not a problem document. */
const FACTS_RESPONSES = {
  200: factsContent('the scan page (text/html), the facts (application/json) or the linkset (application/linkset+json)'),
  400: factsContent('not a code: the page or facts say what was wrong (status: invalid)'),
  404: factsContent('a valid code not registered on the platform (status: unknown)'),
};
const FACTS_SCHEMA = { querystring: ScanQuery, response: FACTS_RESPONSES };
type FactsRequest = FastifyRequest<RouteGenericInterface, RawServerDefault, RawRequestDefaultExpression, typeof FACTS_SCHEMA, TypeBoxTypeProvider>;
type FactsReply = FastifyReply<RouteGenericInterface, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, unknown, typeof FACTS_SCHEMA, TypeBoxTypeProvider>;
const STATUS = { registered: 200, unknown: 404, invalid: 400 } as const satisfies Record<ScanFacts['status'], 200 | 400 | 404>;

const clientOf = (req: FastifyRequest): Client => ({ ip: req.ip, userAgent: req.headers['user-agent'], device: deviceClass(req.headers['user-agent']) });

/** The page's language: `?lang=` (zh | en) over Accept-Language. */
function pageLocale(req: FastifyRequest, lang: unknown): Locale {
  if (lang === 'en') return 'en';
  if (lang === 'zh' || lang === 'zh-CN') return 'zh-CN';
  return localeOf(req);
}

/** JSON when the client asks for it over HTML (Accept order and q aside: any JSON and no HTML). */
const wantsJson = (accept: string) => /application\/(json|ld\+json)/.test(accept) && !/text\/html/.test(accept);

export async function resolverRoutes(app: App, opts: { resolver: ResolverService; publicUrl: string; ratePerMinute: number; name?: string }) {
  const { resolver, publicUrl } = opts;
  const rateLimit = { max: opts.ratePerMinute, timeWindow: 60_000 };

  // The report form works without JavaScript: an ordinary urlencoded POST.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  async function answer(req: FactsRequest, reply: FactsReply, input: string, anchor: string) {
    const q = req.query;
    const accept = String(req.headers.accept ?? '');
    const linkset = q.linkType === 'all' || q.linkType === 'linkset' || accept.includes('application/linkset+json');
    const facts = await resolver.facts(input, clientOf(req), { record: !linkset });
    void reply.header('link', linkHeader(anchor)).header('cache-control', 'no-store').header('vary', 'Accept, Accept-Language');
    if (linkset) {
      void reply.header('link', linkHeader(anchor, { jsonLdContext: true }));
      return reply.status(facts.status === 'registered' ? 200 : STATUS[facts.status]).type('application/linkset+json')
        .send(buildLinkset({ anchor, itemDescription: facts.product ? `${facts.product.name} ${facts.product.model}`.trim() : facts.query.input, links: facts.links }));
    }
    if (q.linkType && q.linkType !== 'gs1:pip') {
      const link = chooseLink(facts.links, q.linkType, req.headers['accept-language']);
      // No such link: the default (this page), as GS1 resolvers fall back to the default link type.
      if (link) return reply.redirect(link.href, 307);
    }
    if (wantsJson(accept)) return reply.status(STATUS[facts.status]).type('application/json; charset=utf-8').send(facts);
    return reply.status(STATUS[facts.status]).type('text/html; charset=utf-8').send(renderScanPage(facts, { locale: pageLocale(req, q.lang), url: req.url, assetBase: '', ...(facts[STATIC_KEY] !== undefined && { staticKey: facts[STATIC_KEY] }) }));
  }

  /** A Digital Link's path and its data attributes (numeric keys); other query parameters are the resolver's. */
  const digitalLinkOf = (req: FastifyRequest) => {
    const [path, search = ''] = req.url.split('?');
    const attrs = new URLSearchParams(search);
    for (const k of [...attrs.keys()]) if (!/^\d{2,4}$/.test(k)) attrs.delete(k);
    const qs = attrs.toString();
    return `${publicUrl}${path}${qs ? `?${qs}` : ''}`;
  };

  for (const ai of PRIMARY_KEY_AIS) {
    app.get(`/${ai}/*`, { config: { rateLimit }, schema: { operationId: `resolver.resolve${KEY_NAMES[ai]}`, tags, summary: `Resolve a GS1 Digital Link with primary key AI ${ai}: the scan page, JSON (Accept: application/json), a linkset (?linkType=all) or a 307 to a link (?linkType=gs1:…)`, ...FACTS_SCHEMA } },
      async (req, reply) => {
        const dl = digitalLinkOf(req);
        return answer(req, reply, dl, dl.split('?')[0] ?? dl);
      });
  }

  app.get('/id/:scheme/:value', { config: { rateLimit }, schema: { operationId: 'resolver.resolveId', tags, summary: 'Resolve a code of another scheme: Ecode, Yima 数字身份码, CCC, opaque', params: IdSchemeParams, ...FACTS_SCHEMA } },
    async (req, reply) => {
      const { scheme, value } = req.params;
      const url = `${publicUrl}/id/${scheme}/${encodeURIComponent(value)}`;
      return answer(req, reply, url, url);
    });

  app.get('/scan', { config: { rateLimit }, schema: { operationId: 'resolver.scan', tags, summary: 'Resolve any pasted or scanned string (?code=…); without one, a form to paste it', ...FACTS_SCHEMA } },
    async (req, reply) => {
      const code = req.query.code?.trim();
      if (!code) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderScanForm(pageLocale(req, req.query.lang)));
      return answer(req, reply, code, `${publicUrl}/scan?code=${encodeURIComponent(code)}`);
    });

  app.get('/.well-known/gs1resolver', { schema: { operationId: 'resolver.description', tags, summary: 'GS1-Conformant Resolver description file', response: { 200: ResolverDescription } } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').send(resolverDescription({ publicUrl, name: opts.name ?? 'Yima 一码' })));

  app.get('/api/v1/scan/proof', { config: { rateLimit }, schema: { operationId: 'resolver.proof', tags, summary: 'What the scan page verifies in the browser: leaves, inclusion proofs, the signed checkpoint and its keys', querystring: ProofQuery, response: { 200: ScanProof } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await resolver.proof(req.query.code)));

  app.post('/api/v1/scans/:id/location', { config: { rateLimit }, schema: { operationId: 'resolver.addScanLocation', tags, summary: 'Add the place a scanner chose to share (rounded to 0.1°)', params: ScanParams, body: LocationBody, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await resolver.addLocation(req.params.id, req.body.latitude, req.body.longitude);
      return reply.status(204).send(null);
    });

  app.post('/api/v1/scan-reports', {
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: {
      operationId: 'resolver.report', tags, summary: 'Report a problem with a product (anyone); it reaches the regulators of the producer\'s region',
      // The page's form posts urlencoded, keeping its language in ?lang= for the thanks page.
      consumes: ['application/json', 'application/x-www-form-urlencoded'], querystring: ReportQuery, body: ReportBody,
      response: { 201: { description: 'the report (JSON), or for the form a thanks page', content: { 'application/json': { schema: ScanReportCreated }, 'text/html': { schema: Type.String() } } } },
    },
  }, async (req, reply) => {
    const r = await resolver.report(req.body, clientOf(req));
    if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return reply.status(201).type('text/html; charset=utf-8').send(renderReportThanks(pageLocale(req, req.query.lang)));
    }
    return reply.status(201).send(r);
  });

  app.get('/api/v1/scan-reports', { schema: { operationId: 'resolver.listReports', tags, summary: 'Problems the public reported (regulators: about producers in their regions; organisations: about their products)', response: { 200: Type.Array(ScanReport) } } },
    async (req) => resolver.reports(req.actor));
}
