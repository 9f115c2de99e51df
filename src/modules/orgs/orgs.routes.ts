/** HTTP for registration, organisations, licences, certificates and association members. */
import type { Actor } from '../access/actor.ts';
import { type Static, Type } from 'typebox';
import { ProofQuery, RecordProof } from '../ledger/ledger.schemas.ts';
import { type App, named } from '../../server/contract.ts';
import type { OrgsService } from './orgs.service.ts';
import {
  CccInput, CertParams, CreateOrgBody, IdParams, LicenceInput, ListOrgsQuery, MemberBody, OrgSummary, Organisation, Partner, PartnersQuery, RegistrationBody, RejectBody, UpdateCccBody, UpdateOrgBody,
} from './orgs.schemas.ts';

export async function orgsRoutes(
  app: App,
  { orgs, registrationRatePerMinute, proofOf }: { orgs: OrgsService; registrationRatePerMinute: number; proofOf: (actor: Actor, id: string) => Promise<Static<typeof RecordProof>> },
) {
  app.post('/api/v1/registrations', {
    schema: {
      operationId: 'orgs.register', tags: ['organisations'], summary: 'Register an organisation (自助注册; pending until approved)', body: RegistrationBody,
      response: { 201: named('Registration', Type.Object({ organisation: Organisation, userId: Type.String() })) },
    },
    config: { rateLimit: { max: registrationRatePerMinute, timeWindow: 60_000 } },
  }, async (req, reply) => reply.status(201).send(await orgs.register(req.body)));

  app.post('/api/v1/orgs', { schema: { operationId: 'orgs.create', tags: ['organisations'], summary: 'Create an organisation (admin)', body: CreateOrgBody, response: { 201: Organisation } } },
    async (req, reply) => reply.status(201).send(await orgs.create(req.actor, req.body)));

  app.get('/api/v1/orgs', { schema: { operationId: 'orgs.list', tags: ['organisations'], summary: 'Organisations in my scope', querystring: ListOrgsQuery, response: { 200: Type.Array(OrgSummary) } } },
    async (req) => orgs.list(req.actor, req.query));

  app.get('/api/v1/partners', { schema: { operationId: 'orgs.listPartners', tags: ['organisations'], summary: 'Partner directory: approved enterprises of a role (default seller) by name or USCC, to ship to', querystring: PartnersQuery, response: { 200: Type.Array(Partner) } } },
    async (req) => orgs.partners(req.actor, req.query));

  app.get('/api/v1/orgs/:id', {
    schema: { operationId: 'orgs.get', tags: ['organisations'], summary: 'One organisation (with its ledger proof on request)', params: IdParams, querystring: ProofQuery, response: { 200: named('OrganisationWithProof', Type.Object({ ...Organisation.properties, ledger: Type.Optional(RecordProof) })) } },
  }, async (req) => {
    const org = await orgs.get(req.actor, req.params.id);
    return req.query.proof ? { ...org, ledger: await proofOf(req.actor, org.id) } : org;
  });

  app.patch('/api/v1/orgs/:id', { schema: { operationId: 'orgs.update', tags: ['organisations'], summary: 'Change details', params: IdParams, body: UpdateOrgBody, response: { 200: Organisation } } },
    async (req) => orgs.update(req.actor, req.params.id, req.body));

  app.post('/api/v1/orgs/:id/approve', { schema: { operationId: 'orgs.approve', tags: ['organisations'], summary: 'Approve a pending registration', params: IdParams, response: { 200: Organisation } } },
    async (req) => orgs.approve(req.actor, req.params.id));

  app.post('/api/v1/orgs/:id/reject', { schema: { operationId: 'orgs.reject', tags: ['organisations'], summary: 'Reject a pending registration, with a reason', params: IdParams, body: RejectBody, response: { 200: Organisation } } },
    async (req) => orgs.reject(req.actor, req.params.id, req.body.reason));

  app.post('/api/v1/orgs/:id/licences', { schema: { operationId: 'orgs.addLicence', tags: ['organisations'], summary: 'Add a production licence', params: IdParams, body: LicenceInput, response: { 201: Organisation } } },
    async (req, reply) => reply.status(201).send(await orgs.addLicence(req.actor, req.params.id, req.body)));

  app.post('/api/v1/orgs/:id/ccc-certificates', { schema: { operationId: 'orgs.addCccCertificate', tags: ['organisations'], summary: 'Add a CCC certificate', params: IdParams, body: CccInput, response: { 201: Organisation } } },
    async (req, reply) => reply.status(201).send(await orgs.addCcc(req.actor, req.params.id, req.body)));

  app.patch('/api/v1/orgs/:id/ccc-certificates/:certId', {
    schema: { operationId: 'orgs.updateCccCertificate', tags: ['organisations'], summary: "Change a CCC certificate's status or validity", params: CertParams, body: UpdateCccBody, response: { 200: Organisation } },
  }, async (req) => {
    const { id, certId } = req.params;
    return orgs.updateCcc(req.actor, id, certId, req.body);
  });

  app.post('/api/v1/orgs/:id/members', { schema: { operationId: 'orgs.addMember', tags: ['organisations'], summary: 'Add a member to an association', params: IdParams, body: MemberBody, response: { 204: Type.Null() } } },
    async (req, reply) => {
      await orgs.addMember(req.actor, req.params.id, req.body.memberId);
      return reply.status(204).send(null);
    });

  app.delete('/api/v1/orgs/:id/members/:memberId', {
    schema: { operationId: 'orgs.removeMember', tags: ['organisations'], summary: 'Remove a member from an association', params: Type.Object({ id: Type.String({ format: 'uuid' }), memberId: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null() } },
  }, async (req, reply) => {
    const { id, memberId } = req.params;
    await orgs.removeMember(req.actor, id, memberId);
    return reply.status(204).send(null);
  });
}
