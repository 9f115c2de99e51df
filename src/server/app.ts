/**
 * The only place that wires things together: configuration, database, services, routes.
 */
import crypto from 'node:crypto';
import { AjvCompiler } from '@fastify/ajv-compiler';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createAccessService } from '../modules/access/access.service.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { createAuthService } from '../modules/auth/auth.service.ts';
import { catalogRoutes } from '../modules/catalog/catalog.routes.ts';
import { createCatalogService } from '../modules/catalog/catalog.service.ts';
import { orgsRoutes } from '../modules/orgs/orgs.routes.ts';
import { createOrgsDirectory } from '../modules/orgs/orgs.directory.ts';
import { createOrgsService } from '../modules/orgs/orgs.service.ts';
import { productsRoutes } from '../modules/products/products.routes.ts';
import { createProductsService } from '../modules/products/products.service.ts';
import { loadLedgerKeys } from '../modules/ledger/ledger.keys.ts';
import { ledgerRoutes } from '../modules/ledger/ledger.routes.ts';
import { auditLedger } from '../modules/ledger/ledger.audit.ts';
import { organisationSnapshots } from '../modules/orgs/orgs.ledger.ts';
import { productRecordLevels, productSnapshots } from '../modules/products/products.service.ts';
import { catalogSnapshots } from '../modules/catalog/catalog.service.ts';
import { disclosureOf } from '../modules/catalog/profile-rules.ts';
import { organisationRecordLevels } from '../modules/orgs/orgs.ledger.ts';
import { batchRecordLevels } from '../modules/issuance/issuance.service.ts';
import { createLedgerReader } from '../modules/ledger/ledger.reader.ts';
import { createLedgerService, openLedgerLog } from '../modules/ledger/ledger.service.ts';
import { installAuthHook } from './auth-hook.ts';
import { issuanceRoutes } from '../modules/issuance/issuance.routes.ts';
import { bindingRoutes } from '../modules/issuance/binding.routes.ts';
import { labelsRoutes } from '../modules/labels/labels.routes.ts';
import { createBindingService } from '../modules/issuance/binding.service.ts';
import { createIssuanceService } from '../modules/issuance/issuance.service.ts';
import { codeToDigitalLink, makeCode } from '../modules/issuance/code-factory.ts';
import { installProblemHandlers, renderFrameworkError } from './problem.ts';
import { type App, COMPONENT, componentize } from './contract.ts';
import { installInputGuard } from './input-guard.ts';
import { createOutboundGuard } from './outbound-guard.ts';
import { customRecordsRoutes } from '../modules/custom-records/custom-records.routes.ts';
import { LEDGER_TYPES as CUSTOM_RECORD_TYPES, createCustomRecordsService, customRecordSnapshots } from '../modules/custom-records/custom-records.service.ts';
import { createEventGraphService } from '../modules/events/event-graph.service.ts';
import { createEventsService } from '../modules/events/events.service.ts';
import { createCaptureJobs } from '../modules/events/capture-jobs.ts';
import { epcisRoutes } from '../modules/events/epcis.routes.ts';
import { createSubscriptionsService } from '../modules/subscriptions/subscriptions.service.ts';
import { createSubscriptionDelivery } from '../modules/subscriptions/subscription-delivery.service.ts';
import { subscriptionsRoutes } from '../modules/subscriptions/subscriptions.routes.ts';
import { eventsRoutes } from '../modules/events/events.routes.ts';
import { createPlatformEventsService } from '../modules/events/platform-events.service.ts';
import { createTraceService } from '../modules/trace/trace.service.ts';
import { traceRoutes } from '../modules/trace/trace.routes.ts';
import { createRecallsService } from '../modules/recalls/recalls.service.ts';
import { recallsRoutes } from '../modules/recalls/recalls.routes.ts';
import { createVerifyService } from '../modules/verify/verify.service.ts';
import { verifyRoutes } from '../modules/verify/verify.routes.ts';
import { linksRoutes } from '../modules/links/links.routes.ts';
import { createLinksService, linkSnapshots } from '../modules/links/links.service.ts';
import { createResolverService } from '../modules/resolver/resolver.service.ts';
import { createSupervisionService } from '../modules/supervision/supervision.service.ts';
import { supervisionRoutes } from '../modules/supervision/supervision.routes.ts';
import { createScanView } from '../modules/resolver/scan-view.ts';
import { resolverRoutes } from '../modules/resolver/resolver.routes.ts';
import { scanAssets } from '../modules/resolver/assets.ts';
import { webApp } from './web-app.ts';
import { loadIpRegions } from '../modules/resolver/ip-region.ts';

const validators = AjvCompiler();

export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  readonly clock?: () => Date;
  /** Log to stdout (the server) or not at all (tests). */
  readonly logger?: boolean;
}

/** Creates the services over a database; the CLI uses them without HTTP. */
export async function createServices({ config, database, clock }: Omit<AppDeps, 'logger'>) {
  const db = database.db;
  const now = clock ?? (() => new Date());
  const log = await openLedgerLog(db, config.ledger);
  const keys = loadLedgerKeys({ dir: config.ledger.keyDir, name: log.origin, algorithms: config.ledger.signers, files: config.ledger.keyFiles });
  const ledger = await createLedgerService({ db, origin: log.origin, hash: log.hash, keys });
  // The organisations' register comes first: every scope check asks it who owns what.
  const orgsDirectory = createOrgsDirectory(db);
  const access = createAccessService({ isAssociationMember: orgsDirectory.isAssociationMember, orgStatus: orgsDirectory.findOwner });
  const auth = createAuthService({ db, access, config, clock: now, orgs: orgsDirectory });
  const catalog = createCatalogService({ db, access, ledger: ledger.append, clock: now });
  const orgs = createOrgsService({
    db,
    access,
    ledger: ledger.append,
    disclosure: async (key) => {
      const profile = await catalog.profileInForce();
      return profile ? disclosureOf(profile, key) : 'owner';
    },
    clock: now,
    users: { validate: auth.validateNewUser, insert: auth.insertUserUnchecked },
  });
  const products = createProductsService({ db, access, orgs: orgsDirectory, catalog, ledger: ledger.append, clock: now });
  const issuance = createIssuanceService({
    db, access, products, orgs: orgsDirectory, ledger: ledger.append, clock: now,
    codes: { make: (scheme, ctx) => makeCode(scheme, ctx) },
    // The event graph comes later (it reads the register of codes): asked only when a batch is shown.
    inspections: (batchIds) => eventGraph.batchInspections(batchIds),
  });
  // Who sees which members of a ledger record: each record type by its owner's profile fields.
  const orgRecordLevels = (type: string) => async () => {
    const profile = await catalog.profileInForce();
    return profile ? organisationRecordLevels(type, profile) : () => 'owner' as const;
  };
  const batchLevels = async (f: { readonly [k: string]: unknown }) => batchRecordLevels(typeof f.productId === 'string' ? await products.profileOfProduct(f.productId) : undefined);
  const ledgerReader = createLedgerReader({
    ledger, access, ownerOf: orgsDirectory.findOwner, isAssociationMember: orgsDirectory.isAssociationMember,
    policies: {
      product: async (f) => productRecordLevels(await catalog.profileById(typeof f.profileVersionId === 'string' ? f.profileVersionId : '')),
      organisation: orgRecordLevels('organisation'),
      licence: orgRecordLevels('licence'),
      ccc_certificate: orgRecordLevels('ccc_certificate'),
      batch: batchLevels,
      issuance: batchLevels,
      binding: batchLevels,
      // Alerts and their steps are records about a region (ledger.reader.ts regionOf): the regulators'.
      'supervision.alert': async () => () => 'regulator',
    },
  });
  const bindings = createBindingService({ db, access, products, orgs: orgsDirectory, ledger: ledger.append, publicUrl: config.publicUrl });
  const customRecords = createCustomRecordsService({
    db, access, orgs: orgsDirectory, products, catalog, ledger: ledger.append, leavesOf: ledger.subjectLeaves, retentionYears: config.customRecords.retentionYears, clock: now,
  });
  // The event graph reads the events; codes, batches and products tell whose goods they are.
  const eventGraph = createEventGraphService({ db, codes: issuance.registry, products: products.registry });
  const events = createEventsService({
    db, access, catalog, ledger: ledger.append, clock: now,
    custody: eventGraph.custody, codes: issuance.registry, products: products.registry, orgs: orgsDirectory,
  });
  await events.jobs.failRunning();
  const captureJobs = createCaptureJobs({ events, clock: now });
  // Webhooks and subscription callbacks go to user-given addresses: public ones only (SSRF).
  const outbound = createOutboundGuard({ allow: config.outbound.allow });
  const subscriptions = createSubscriptionsService({ db, access, outbound, clock: now });
  const subscriptionDelivery = createSubscriptionDelivery({ db, events, outbound, clock: now });
  const trace = createTraceService({
    access, graph: eventGraph, codes: issuance.registry, products: products.registry, orgs: orgsDirectory, publicUrl: config.publicUrl, profileOf: products.profileOfProduct,
  });
  const recalls = createRecallsService({
    db, access, events, graph: eventGraph, codes: issuance.registry, products: products.registry, orgs: orgsDirectory, ledger: ledger.append, clock: now, publicUrl: config.publicUrl, outbound,
  });
  const verify = createVerifyService({ access, recalls, graph: eventGraph, codes: issuance.registry, products: products.registry, orgs: orgsDirectory, clock: now, publicUrl: config.publicUrl });
  // Purchases are verified first: 查验 reaches the events module through this port.
  const platformEvents = createPlatformEventsService({
    access, events, graph: eventGraph, codes: issuance.registry, products: products.registry, orgs: orgsDirectory, verify: verify.verify, clock: now, publicUrl: config.publicUrl,
  });
  const links = createLinksService({ db, access, products: products.registry, orgs: orgsDirectory, ledger: ledger.append, clock: now });
  const scanView = createScanView({
    catalog, graph: eventGraph, products: products.registry, orgs: orgsDirectory, ledger, linksFor: links.linksFor, publicUrl: config.publicUrl,
  });
  const resolver = createResolverService({
    db, access, verify, view: scanView, graph: eventGraph, ledger, ledgerReader, clock: now, publicUrl: config.publicUrl, rules: config.scan, ipRegions: loadIpRegions(config.scan.ipRegionsFile),
    // What a scan shows changes with captures, recalls and links: each drops the cached facts.
    invalidatedBy: [events.onCaptured, recalls.onChange, links.onChange],
    // The embedded database has one process (its lock file): every change is seen here.
    cacheMs: database.target === 'pglite' ? 10 * 60_000 : 60_000,
  });
  // Indicators and alerts follow the events as they are recorded (a worker over the record order).
  const supervision = createSupervisionService({ db, access, ledger: ledger.append, clock: now, events, codes: issuance.registry, products: products.registry, orgs: orgsDirectory, recalls });
  return {
    access, orgsDirectory, auth, orgs, catalog, products, ledger, ledgerReader, issuance, bindings, customRecords, eventGraph, events, captureJobs, outbound,
    subscriptions, subscriptionDelivery, trace, recalls, verify, platformEvents, links, scanView, resolver, supervision,
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;

/** The ledger audit over every capability that keeps current state (see ledger.audit.ts). */
export function auditDatabase(db: Database['db']) {
  return auditLedger(
    db,
    [() => organisationSnapshots(db), () => productSnapshots(db), () => catalogSnapshots(db), () => customRecordSnapshots(db), () => linkSnapshots(db)],
    ['organisation', 'licence', 'ccc_certificate', 'product', 'catalog.list', 'catalog.profile', ...CUSTOM_RECORD_TYPES, 'link'],
  );
}

/**
 * Builds the Fastify app (not listening). Tests drive it with `app.inject()`.
 *
 * @example const { app } = await buildApp({ config, database }); await app.listen({ port: 8080 });
 */
export async function buildApp(deps: AppDeps): Promise<{ app: App; services: Services }> {
  const { config, database } = deps;
  const services = await createServices(deps);
  const app = Fastify({
    logger: deps.logger === false ? false : {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID();
    },
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: false,
    // `x-component` names a schema for openapi.json (contract.ts): an annotation to ajv.
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true, keywords: [COMPONENT] } },
    // A URL, query and headers are text: their schemas coerce ("12" → 12, one value → [value]). A
    // JSON body is typed: `"name": ["x"]` or `"name": 5` is refused, never turned into a string.
    schemaController: {
      compilersFactory: {
        buildValidator: (externalSchemas, options) => {
          const coercing = validators(externalSchemas, options);
          const typed = validators(externalSchemas, { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } } as typeof options);
          return (route) => (route.httpPart === 'body' ? typed : coercing)(route);
        },
      },
    },
    // Malformed %-encoding and the like: problem+json too, in the caller's language.
    frameworkErrors: renderFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onSend', async (req, reply) => void reply.header('x-request-id', req.id));

  installProblemHandlers(app);
  installInputGuard(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], scriptSrc: ["'self'"] },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    // Named schemas (contract.ts) become components.schemas, referenced where they are used.
    transformObject: (doc) => ('openapiObject' in doc ? componentize(doc.openapiObject) : doc.swaggerObject),
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Yima 一码 — traceability platform API',
        version: '1',
        description: 'Quality-safety traceability of key industrial products (重点工业产品质量安全追溯). Errors are RFC 9457 problem+json in 简体中文 or English by Accept-Language.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A session token from /api/v1/auth/login, or an API key (yk_…)' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  installAuthHook(app, services.auth);

  app.get('/healthz', { schema: { hide: true, response: { 200: Type.Object({ status: Type.String(), database: Type.String() }) } } }, async () => {
    await sql`select 1`.execute(database.db);
    return { status: 'ok', database: database.target };
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes, { auth: services.auth, loginRatePerMinute: config.auth.loginRatePerMinute, cookieSecure: config.auth.cookieSecure });
  await app.register(orgsRoutes, { orgs: services.orgs, registrationRatePerMinute: config.auth.loginRatePerMinute, proofOf: services.ledgerReader.proofOf });
  await app.register(catalogRoutes, { catalog: services.catalog });
  await app.register(productsRoutes, { products: services.products, proofOf: services.ledgerReader.proofOf });
  await app.register(issuanceRoutes, { issuance: services.issuance, publicUrl: config.publicUrl, toDigitalLink: (code) => codeToDigitalLink(code, config.publicUrl) });
  await app.register(labelsRoutes, { issuance: services.issuance, toDigitalLink: (code) => codeToDigitalLink(code, config.publicUrl) });
  await app.register(bindingRoutes, { bindings: services.bindings });
  await app.register(customRecordsRoutes, { customRecords: services.customRecords, proofOf: services.ledgerReader.proofOf });
  await app.register(eventsRoutes, { platform: services.platformEvents });
  await app.register(traceRoutes, { trace: services.trace });
  await app.register(recallsRoutes, { recalls: services.recalls });
  await app.register(verifyRoutes, { verify: services.verify });
  await app.register(linksRoutes, { links: services.links });
  await app.register(resolverRoutes, { resolver: services.resolver, publicUrl: config.publicUrl, ratePerMinute: config.scan.ratePerMinute });
  // The scan page's script (/assets/scan.js): the built file, or bundled once in memory.
  await app.register(scanAssets);
  app.addHook('onClose', () => services.resolver.stop());
  await app.register(epcisRoutes, { events: services.events, jobs: services.captureJobs, publicUrl: config.publicUrl });
  await app.register(subscriptionsRoutes, { subscriptions: services.subscriptions, events: services.events });
  // Webhook deliveries run while the app does; closing waits for the round in progress, then
  // for the outbound connections to close.
  services.subscriptionDelivery.start({ onError: (err) => app.log.error({ err }, 'subscription delivery failed') });
  app.addHook('onClose', async () => {
    await services.subscriptionDelivery.stop();
    await services.outbound.close();
  });
  // Recall notices go to holders' webhooks within a minute, retried until a 2xx.
  const notices = setInterval(() => void services.recalls.deliverNotices().catch((err: unknown) => app.log.error({ err }, 'recall notice delivery failed')), 60_000);
  notices.unref();
  app.addHook('onClose', async () => clearInterval(notices));
  await app.register(ledgerRoutes, { ledger: services.ledger, reader: services.ledgerReader });
  await app.register(supervisionRoutes, { supervision: services.supervision });
  services.supervision.start((err) => app.log.error({ err }, 'supervision read models failed'));
  app.addHook('onClose', () => services.supervision.stop());
  // The web application at `/` and every path not answered above (its deep links).
  await app.register(webApp);
  return { app, services };
}
