/** HTTP for the plain event API: one route per business action, each capturing one EPCIS event. */
import type { FastifyInstance } from 'fastify';
import type { PlatformEventsService } from './platform-events.service.ts';
import { DestroyBody, InspectBody, PackBody, ReceiveBody, RecordedEvent, ReturnBody, SellBody, ShipBody, UnpackBody } from './events.schemas.ts';

const ACTIONS = [
  ['inspect', InspectBody, 'Record an inspection (检验合格证明) of a batch'],
  ['pack', PackBody, 'Pack items into a case or pallet (AggregationEvent ADD)'],
  ['unpack', UnpackBody, 'Unpack a case or pallet (AggregationEvent DELETE)'],
  ['ship', ShipBody, 'Ship codes to a customer (流向)'],
  ['receive', ReceiveBody, 'Receive goods (进货): every code is verified first; a failing verdict needs an override with a reason'],
  ['sell', SellBody, 'Sell (销售): retail to a consumer, or B2B to a named buyer'],
  ['return', ReturnBody, 'Take goods back (return)'],
  ['destroy', DestroyBody, 'Destroy or decommission codes'],
] as const;

export async function eventsRoutes(app: FastifyInstance, { platform }: { platform: PlatformEventsService }) {
  for (const [action, body, summary] of ACTIONS) {
    app.post(`/api/v1/events/${action}`, { schema: { tags: ['events'], summary, body, response: { 201: RecordedEvent } } }, async (req, reply) => {
      const handler = platform[action] as (actor: typeof req.actor, b: unknown) => Promise<unknown>;
      return reply.status(201).send(await handler(req.actor, req.body));
    });
  }
}
