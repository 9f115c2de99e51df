/** HTTP for registration, organisations, licences, certificates and association members. */
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../access/actor.ts';
import { type Static, Type } from 'typebox';
import { ProofQuery, RecordProof } from '../ledger/ledger.schemas.ts';
import type { OrgsService } from './orgs.service.ts';
import {
  CccInput, CertParams, CreateOrgBody, IdParams, LicenceInput, ListOrgsQuery, MemberBody, OrgSummary, Organisation, RegistrationBody, RejectBody, UpdateCccBody, UpdateOrgBody,
} from './orgs.schemas.ts';

type Id = { id: string };

export async function orgsRoutes(
  app: FastifyInstance,
  { orgs, registrationRatePerMinute, proofOf }: { orgs: OrgsService; registrationRatePerMinute: number; proofOf: (actor: Actor, id: string) => Promise<Static<typeof RecordProof>> },
) {
  app.post('/api/v1/registrations', {
    schema: {
      tags: ['organisations'], summary: 'Register an organisation (自助注册; pending until approved)', body: RegistrationBody,
      response: { 201: Type.Object({ organisation: Organisation, userId: Type.String() }) },
    },
    config: { rateLimit: { max: registrationRatePerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => reply.status(201).send(await orgs.register(req.body as RegistrationBody)));

  app.post('/api/v1/orgs', { schema: { tags: ['organisations'], summary: 'Create an organisation (admin)', body: CreateOrgBody, response: { 201: Organisation } } },
    async (req, reply) => reply.status(201).send(await orgs.create(req.actor, req.body as CreateOrgBody)));

  app.get('/api/v1/orgs', { schema: { tags: ['organisations'], summary: 'Organisations in my scope', querystring: ListOrgsQuery, response: { 200: Type.Array(OrgSummary) } } },
    async (req) => orgs.list(req.actor, req.query as ListOrgsQuery));

  app.get('/api/v1/orgs/:id', {
    schema: { tags: ['organisations'], summary: 'One organisation (with its ledger proof on request)', params: IdParams, querystring: ProofQuery, response: { 200: Type.Object({ ...Organisation.properties, ledger: Type.Optional(RecordProof) }) } },
  }, async (req) => {
    const org = await orgs.get(req.actor, (req.params as Id).id);
    return (req.query as { proof?: boolean }).proof ? { ...org, ledger: await proofOf(req.actor, org.id) } : org;
  });

  app.patch('/api/v1/orgs/:id', { schema: { tags: ['organisations'], summary: 'Change details', params: IdParams, body: UpdateOrgBody, response: { 200: Organisation } } },
    async (req) => orgs.update(req.actor, (req.params as Id).id, req.body as UpdateOrgBody));

  app.post('/api/v1/orgs/:id/approve', { schema: { tags: ['organisations'], summary: 'Approve a pending registration', params: IdParams, response: { 200: Organisation } } },
    async (req) => orgs.approve(req.actor, (req.params as Id).id));

  app.post('/api/v1/orgs/:id/reject', { schema: { tags: ['organisations'], summary: 'Reject a pending registration, with a reason', params: IdParams, body: RejectBody, response: { 200: Organisation } } },
    async (req) => orgs.reject(req.actor, (req.params as Id).id, (req.body as { reason: string }).reason));

  app.post('/api/v1/orgs/:id/licences', { schema: { tags: ['organisations'], summary: 'Add a production licence', params: IdParams, body: LicenceInput, response: { 201: Organisation } } },
    async (req, reply) => reply.status(201).send(await orgs.addLicence(req.actor, (req.params as Id).id, req.body as LicenceInput)));

  app.post('/api/v1/orgs/:id/ccc-certificates', { schema: { tags: ['organisations'], summary: 'Add a CCC certificate', params: IdParams, body: CccInput, response: { 201: Organisation } } },
    async (req, reply) => reply.status(201).send(await orgs.addCcc(req.actor, (req.params as Id).id, req.body as CccInput)));

  app.patch('/api/v1/orgs/:id/ccc-certificates/:certId', {
    schema: { tags: ['organisations'], summary: "Change a CCC certificate's status or validity", params: CertParams, body: UpdateCccBody, response: { 200: Organisation } },
  }, async (req) => {
    const { id, certId } = req.params as { id: string; certId: string };
    return orgs.updateCcc(req.actor, id, certId, req.body as UpdateCccBody);
  });

  app.post('/api/v1/orgs/:id/members', { schema: { tags: ['organisations'], summary: "Add a member to an association", params: IdParams, body: MemberBody, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await orgs.addMember(req.actor, (req.params as Id).id, (req.body as { memberId: string }).memberId);
      return reply.status(204).send();
    });

  app.delete('/api/v1/orgs/:id/members/:memberId', {
    schema: { tags: ['organisations'], summary: 'Remove a member from an association', params: Type.Object({ id: Type.String({ format: 'uuid' }), memberId: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null() } },
  }, async (req, reply) => {
    const { id, memberId } = req.params as { id: string; memberId: string };
    await orgs.removeMember(req.actor, id, memberId);
    return reply.status(204).send();
  });
}
