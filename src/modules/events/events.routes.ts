/** HTTP for the plain event API: one route per business action, each capturing one EPCIS event. */
import { type App } from '../../server/contract.ts';
import { asBuilt } from './epcis-query-answer.ts';
import type { PlatformEventsService } from './platform-events.service.ts';
import { DestroyBody, InspectBody, PackBody, ReceiveBody, RecordedEvent, ReturnBody, SellBody, ShipBody, Stock, StockQuery, UnpackBody } from './events.schemas.ts';

/** The schema of one action's route but its body. */
const action = (name: string, summary: string) => ({ operationId: `events.${name}`, tags: ['events'], summary, response: { 201: RecordedEvent } });

export async function eventsRoutes(app: App, { platform }: { platform: PlatformEventsService }) {
  // The event is answered as it was built (member order, yima: extensions), as /epcis answers it.
  app.addHook('preSerialization', asBuilt);

  app.post('/api/v1/events/inspect', { schema: { ...action('inspect', 'Record an inspection (检验合格证明) of a batch'), body: InspectBody } },
    async (req, reply) => reply.status(201).send(await platform.inspect(req.actor, req.body)));
  app.post('/api/v1/events/pack', { schema: { ...action('pack', 'Pack items into a case or pallet (AggregationEvent ADD)'), body: PackBody } },
    async (req, reply) => reply.status(201).send(await platform.pack(req.actor, req.body)));
  app.post('/api/v1/events/unpack', { schema: { ...action('unpack', 'Unpack a case or pallet (AggregationEvent DELETE)'), body: UnpackBody } },
    async (req, reply) => reply.status(201).send(await platform.unpack(req.actor, req.body)));
  app.post('/api/v1/events/ship', { schema: { ...action('ship', 'Ship codes to a customer (流向)'), body: ShipBody } },
    async (req, reply) => reply.status(201).send(await platform.ship(req.actor, req.body)));
  app.post('/api/v1/events/receive', { schema: { ...action('receive', 'Receive goods (进货): every code is verified first; a failing verdict needs an override with a reason'), body: ReceiveBody } },
    async (req, reply) => reply.status(201).send(await platform.receive(req.actor, req.body)));
  app.post('/api/v1/events/sell', { schema: { ...action('sell', 'Sell (销售): retail to a consumer, or B2B to a named buyer'), body: SellBody } },
    async (req, reply) => reply.status(201).send(await platform.sell(req.actor, req.body)));
  app.post('/api/v1/events/return', { schema: { ...action('return', 'Take goods back (return)'), body: ReturnBody } },
    async (req, reply) => reply.status(201).send(await platform.return(req.actor, req.body)));
  app.post('/api/v1/events/destroy', { schema: { ...action('destroy', 'Destroy or decommission codes'), body: DestroyBody } },
    async (req, reply) => reply.status(201).send(await platform.destroy(req.actor, req.body)));
  app.get('/api/v1/stock', { schema: { operationId: 'events.stock', tags: ['events'], summary: 'What an organisation holds now (received or taken back, not sold, shipped on or destroyed), by product and lot', querystring: StockQuery, response: { 200: Stock } } },
    async (req) => platform.stock(req.actor, req.query));
}
