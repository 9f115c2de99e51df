/**
 * Identity: sign-in with lockout, sessions, users, API keys, the first admin.
 */
import crypto from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Role } from '../../db/schema.ts';
import { REGION_PREFIX } from '../../shared/codes/region.ts';
import { t } from '../../shared/i18n/i18n.ts';
import {
  AppError, authenticationRequired, conflict, type FieldError, fieldError, invalidCredentials, notFound, validationFailed,
} from '../../server/errors.ts';
import type { AccessService } from '../access/access.service.ts';
import type { Actor } from '../access/actor.ts';
import type { Db } from '../../db/database.ts';
import { type AuthRepo, type UserRow, createAuthRepo } from './auth.repo.ts';
import { checkPasswordPolicy, dummyHash, generatePassword, hashPassword, verifyPassword } from './password.ts';

/** What identity needs to know about organisations (owned by the orgs module). */
export interface OrgDirectory {
  findOwner(orgId: string): Promise<{ id: string; regionCode: string; kind: 'enterprise' | 'association'; name: string } | undefined>;
}

export interface AuthDeps {
  readonly db: Db;
  readonly access: AccessService;
  readonly orgs: OrgDirectory;
  readonly config: Pick<Config, 'auth'>;
  readonly clock?: () => Date;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export interface NewUser {
  username: string;
  displayName?: string | undefined;
  password: string;
  role: Role;
  orgId?: string | undefined;
  regions?: readonly string[] | undefined;
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService({ db, access, orgs, config, clock = () => new Date() }: AuthDeps) {
  const repo = createAuthRepo(db);
  const policy = config.auth;
  const unknownUserHash = dummyHash(policy.passwordHashing);

  const passwordExpired = (changedAt: Date) =>
    policy.passwordMaxAgeDays > 0 && clock().getTime() - changedAt.getTime() > policy.passwordMaxAgeDays * 86_400_000;

  const toActor = (u: Pick<UserRow, 'id' | 'username' | 'role' | 'org_id' | 'regions' | 'password_changed_at'>): Actor & { mustChangePassword: boolean } => ({
    role: u.role,
    userId: u.id,
    username: u.username,
    ...(u.org_id && { orgId: u.org_id }),
    regions: u.regions,
    mustChangePassword: passwordExpired(u.password_changed_at),
  });

  async function validateNewUser(input: NewUser): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    if (!USERNAME.test(input.username)) errors.push(fieldError('username', 'username_format', 'field.username_format'));
    errors.push(...checkPasswordPolicy('password', input.password, policy));
    const needsOrg = input.role === 'org_admin' || input.role === 'org_operator' || input.role === 'association';
    if (needsOrg && !input.orgId) errors.push(fieldError('orgId', 'role_needs_org', 'field.role_needs_org', { role: input.role }));
    if (!needsOrg && input.orgId) errors.push(fieldError('orgId', 'role_no_org', 'field.role_no_org', { role: input.role }));
    const regions = input.regions ?? [];
    if (input.role === 'regulator' && regions.length === 0) errors.push(fieldError('regions', 'regions_required', 'field.regions_required'));
    regions.forEach((r, i) => {
      if (!REGION_PREFIX.test(r)) errors.push(fieldError(`regions[${i}]`, 'region_prefix', 'field.region_prefix'));
    });
    return errors;
  }

  async function insertUser(input: NewUser, r: AuthRepo = repo): Promise<string> {
    const id = crypto.randomUUID();
    const inserted = await r.insertUser({
      id,
      username: input.username,
      display_name: input.displayName ?? input.username,
      password_hash: await hashPassword(input.password, policy.passwordHashing),
      role: input.role,
      org_id: input.orgId ?? null,
      regions: [...(input.role === 'regulator' ? (input.regions ?? []) : [])],
      password_changed_at: clock(),
    });
    if (!inserted) throw conflict('username_taken', 'problem.username_taken.detail', { username: input.username });
    return id;
  }

  return {
    /**
     * Signs in. An unknown user, a wrong password, a disabled account and a locked one get the
     * same answer (401 invalid_credentials, no Retry-After) after the same work: a password
     * hash is checked in every case, so neither the answer nor its time says whether a name
     * exists or is locked (issue 10). After `maxFailures` failures in a row the account locks
     * for `lockSeconds`; while locked, even the right password is refused.
     */
    async login(usernameIn: string, password: string) {
      const username = usernameIn.trim().toLowerCase();
      const user = await repo.findUserByName(username);
      const now = clock();
      const matches = await verifyPassword(password, user?.password_hash ?? unknownUserHash);
      if (!user) throw invalidCredentials();
      // A locked account's attempts are not counted: they neither extend nor end the lock.
      if (user.locked_until && user.locked_until > now) throw invalidCredentials();
      if (user.disabled || !matches) {
        await repo.recordFailure(user.id, policy.maxFailures, new Date(now.getTime() + policy.lockSeconds * 1000));
        throw invalidCredentials();
      }
      await repo.recordSuccess(user.id);
      const token = `yst_${crypto.randomBytes(32).toString('base64url')}`;
      const expiresAt = new Date(now.getTime() + policy.sessionHours * 3_600_000);
      await repo.insertSession(sha256(token), user.id, expiresAt);
      const actor = toActor(user);
      return { token, expiresAt, user: presentUser(user, now), passwordChangeRequired: actor.mustChangePassword };
    },

    async logout(token: string) {
      await repo.deleteSession(sha256(token));
    },

    /**
     * Resolves a session token or API key to an actor. A token that is given but not valid is
     * an error (401), never silently the public.
     */
    async authenticate(token: string): Promise<Actor & { mustChangePassword?: boolean }> {
      const now = clock();
      if (token.startsWith('yk_')) {
        const [id, secret] = token.slice(3).split('.');
        const key = id && secret && /^[0-9a-f]{32}$/.test(id) ? await repo.findApiKey(formatUuid(id)) : undefined;
        if (!key || key.revoked_at || !secret || !safeEqualHex(sha256(secret), key.secret_hash)) throw authenticationRequired();
        await repo.touchApiKey(key.id, now);
        return { role: 'org_operator', apiKeyId: key.id, orgId: key.org_id, regions: [] };
      }
      const user = await repo.findSessionUser(sha256(token), now);
      if (!user || user.disabled) throw authenticationRequired();
      return toActor(user);
    },

    /**
     * Changes the caller's own password and ends every other session of theirs (OWASP ASVS
     * 3.3.3): a session opened by whoever knew the old password stops working. The session
     * that made the change (`currentToken`) stays valid, so the person changing it is not
     * signed out mid-task; without one (an API caller holding no session) all end.
     *
     * @example await auth.changePassword(req.actor, 'old password', 'a new long password', req.authToken)
     */
    async changePassword(actor: Actor, current: string, next: string, currentToken?: string) {
      if (!actor.userId) throw authenticationRequired();
      const user = await repo.findUser(actor.userId);
      if (!user || !(await verifyPassword(current, user.password_hash))) {
        throw validationFailed([fieldError('currentPassword', 'wrong_password', 'field.wrong_password')]);
      }
      const errors = checkPasswordPolicy('newPassword', next, policy);
      if (current === next) errors.push(fieldError('newPassword', 'password_same', 'field.password_same'));
      if (errors.length) throw validationFailed(errors);
      await repo.setPassword(user.id, await hashPassword(next, policy.passwordHashing), clock(), currentToken === undefined ? null : sha256(currentToken));
    },

    /** Admins create any user; organisation admins create users of their own organisation. */
    async createUser(actor: Actor, input: NewUser) {
      const errors = await validateNewUser(input);
      const org = input.orgId ? await orgs.findOwner(input.orgId) : undefined;
      if (input.orgId && !org) throw notFound('organisation', input.orgId);
      if (org) await access.require(actor, 'user:manage', { id: org.id, regionCode: org.regionCode, entity: 'organisation', entityId: org.id });
      else await access.require(actor, 'user:manage');
      if (actor.role !== 'admin' && !(input.role === 'org_admin' || input.role === 'org_operator')) {
        throw new AppError(403, 'forbidden', 'problem.forbidden.detail', { permission: `user:create:${input.role}` });
      }
      if (org && input.role === 'association' && org.kind !== 'association') {
        errors.push(fieldError('orgId', 'org_kind', 'field.org_kind', { name: org.name, kind: 'association' }));
      }
      if (org && input.role !== 'association' && org.kind !== 'enterprise') {
        errors.push(fieldError('orgId', 'org_kind', 'field.org_kind', { name: org.name, kind: 'enterprise' }));
      }
      if (errors.length) throw validationFailed(errors);
      const id = await insertUser(input);
      return presentUser(await repo.findUser(id).then((u) => u ?? raise(id)), clock());
    },

    async listUsers(actor: Actor, orgId?: string) {
      if (orgId) {
        const org = await orgs.findOwner(orgId);
        if (!org) throw notFound('organisation', orgId);
        await access.require(actor, 'user:manage', { id: org.id, regionCode: org.regionCode, entity: 'organisation', entityId: org.id });
        return (await repo.listUsers({ orgId })).map((u) => presentUser(u, clock()));
      }
      await access.require(actor, 'user:manage');
      if (actor.role !== 'admin') return (await repo.listUsers({ orgId: actor.orgId ?? '' })).map((u) => presentUser(u, clock()));
      return (await repo.listUsers({})).map((u) => presentUser(u, clock()));
    },

    /**
     * Inserts a user inside the caller's transaction `trx`, unchecked: self-registration (the
     * orgs module) checks the input with {@link validateNewUser} and commits the organisation and
     * its first user together.
     */
    insertUserUnchecked: (trx: Db, input: NewUser) => insertUser(input, createAuthRepo(trx)),
    validateNewUser,

    /**
     * Creates `admin` on first start. Returns the generated password to print once, or
     * undefined when the admin exists or the password came from configuration.
     */
    async ensureFirstAdmin(configured?: string): Promise<string | undefined> {
      if (await repo.findUserByName('admin')) return undefined;
      const password = configured ?? generatePassword();
      await insertUser({ username: 'admin', displayName: `${t('zh-CN', 'auth.first_admin_name')} ${t('en', 'auth.first_admin_name')}`, password, role: 'admin' });
      return configured ? undefined : password;
    },

    /** A new API key of an organisation. The key is in the answer once and stored only hashed. */
    async createApiKey(actor: Actor, orgId: string, name: string) {
      const org = await orgs.findOwner(orgId);
      if (!org) throw notFound('organisation', orgId);
      await access.require(actor, 'apikey:manage', { id: org.id, regionCode: org.regionCode, entity: 'organisation', entityId: org.id });
      if (!actor.userId) throw authenticationRequired();
      const id = crypto.randomUUID();
      const secret = crypto.randomBytes(32).toString('base64url');
      await repo.insertApiKey({ id, org_id: org.id, name, secret_hash: sha256(secret), created_by: actor.userId });
      const key = await repo.findApiKey(id);
      return { ...presentApiKey(key ?? raise(id)), key: `yk_${id.replace(/-/g, '')}.${secret}` };
    },

    async listApiKeys(actor: Actor, orgId: string) {
      const org = await orgs.findOwner(orgId);
      if (!org) throw notFound('organisation', orgId);
      await access.require(actor, 'apikey:manage', { id: org.id, regionCode: org.regionCode, entity: 'organisation', entityId: org.id });
      return (await repo.listApiKeys(org.id)).map(presentApiKey);
    },

    async revokeApiKey(actor: Actor, orgId: string, keyId: string) {
      const org = await orgs.findOwner(orgId);
      if (!org) throw notFound('organisation', orgId);
      await access.require(actor, 'apikey:manage', { id: org.id, regionCode: org.regionCode, entity: 'organisation', entityId: org.id });
      const key = await repo.findApiKey(keyId);
      if (!key || key.org_id !== org.id) throw notFound('api_key', keyId);
      await repo.revokeApiKey(key.id, clock());
      return presentApiKey((await repo.findApiKey(key.id)) ?? raise(keyId));
    },
  };
}

function raise(id: string): never {
  throw new Error(`row ${id} vanished after insert`);
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function safeEqualHex(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

/** A user as the API shows it at `now` (the service's clock): never the hash, never failure counters. */
export function presentUser(u: UserRow, now: Date) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    orgId: u.org_id,
    regions: u.regions,
    locked: u.locked_until !== null && u.locked_until > now,
    createdAt: u.created_at.toISOString(),
  };
}

export function presentApiKey(k: { id: string; org_id: string; name: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }) {
  return {
    id: k.id,
    orgId: k.org_id,
    name: k.name,
    createdAt: k.created_at.toISOString(),
    lastUsedAt: k.last_used_at?.toISOString() ?? null,
    revokedAt: k.revoked_at?.toISOString() ?? null,
  };
}
