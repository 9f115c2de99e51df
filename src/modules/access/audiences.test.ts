import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { PUBLIC_ACTOR } from './actor.ts';
import { type AudienceSubject, audiencesOf } from './audiences.ts';

const PRODUCER = 'org-producer';
const SELLER = 'org-seller';
const subject: AudienceSubject = { ownerOrgId: PRODUCER, regionCode: '330106', chainOrgIds: [SELLER] };
const member = async (association: string, org: string) => association === 'org-assoc' && org === PRODUCER;
const user = (role: Actor['role'], orgId?: string, regions: string[] = []): Actor => ({ role, regions, ...(orgId && { orgId }) });
const levels = async (actor: Actor, s: AudienceSubject = subject) => [...(await audiencesOf(actor, s, member)).levels].sort();

describe('audiencesOf', () => {
  it('gives the owner every level, a regulator of the region all but owner, a supply-chain party public and chain', async () => {
    expect(await levels(user('org_admin', PRODUCER))).toEqual(['chain', 'owner', 'public', 'regulator']);
    expect(await levels(user('org_operator', PRODUCER))).toEqual(['chain', 'owner', 'public', 'regulator']);
    expect(await levels(user('regulator', undefined, ['33']))).toEqual(['chain', 'public', 'regulator']);
    expect(await levels(user('org_admin', SELLER))).toEqual(['chain', 'public']);
    expect(await levels(user('admin'))).toEqual(['chain', 'owner', 'public', 'regulator']);
  });

  it('gives an association of the owner, a regulator of another province, a stranger and the public the public level', async () => {
    const assoc = await audiencesOf(user('association', 'org-assoc'), subject, member);
    expect([...assoc.audiences].sort()).toEqual(['association', 'public']);
    expect([...assoc.levels]).toEqual(['public']);
    expect(await levels(user('regulator', undefined, ['32']))).toEqual(['public']);
    expect(await levels(user('org_admin', 'org-stranger'))).toEqual(['public']);
    expect(await levels(PUBLIC_ACTOR)).toEqual(['public']);
    // A record nobody on the platform owns (a consumer's report): its regulator, and chain parties.
    const report = { ownerOrgId: null, regionCode: '330106', chainOrgIds: [PRODUCER] };
    expect(await levels(user('org_admin', PRODUCER), report)).toEqual(['chain', 'public']);
    expect(await levels(user('regulator', undefined, ['3301']), report)).toEqual(['chain', 'public', 'regulator']);
  });
});
