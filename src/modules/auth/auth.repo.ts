/** SQL for users, sessions and API keys. */
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ApiKeysTable, Role, UsersTable } from '../../db/schema.ts';

export type AuthRepo = ReturnType<typeof createAuthRepo>;

export function createAuthRepo(db: Db) {
  const userColumns = [
    'id', 'username', 'display_name', 'password_hash', 'role', 'org_id', 'regions', 'failed_logins',
    'locked_until', 'password_changed_at', 'disabled', 'created_at',
  ] as const;

  return {
    findUserByName: (username: string) =>
      db.selectFrom('users').select(userColumns).where('username', '=', username).executeTakeFirst(),
    findUser: (id: string) => db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst(),
    countUsers: async () => (await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    insertUser: (row: Insertable<UsersTable>) => db.insertInto('users').values(row).onConflict((oc) => oc.column('username').doNothing()).returning('id').executeTakeFirst(),
    listUsers: (filter: { orgId?: string }) => {
      let q = db.selectFrom('users').select(userColumns).orderBy('created_at').orderBy('username');
      if (filter.orgId) q = q.where('org_id', '=', filter.orgId);
      return q.execute();
    },
    recordFailure: (id: string, maxFailures: number, lockUntil: Date) =>
      db
        .updateTable('users')
        .set((eb) => ({
          failed_logins: eb('failed_logins', '+', 1),
          locked_until: eb.case().when('failed_logins', '>=', maxFailures - 1).then(lockUntil).else(eb.ref('locked_until')).end(),
        }))
        .where('id', '=', id)
        .returning(['failed_logins', 'locked_until'])
        .executeTakeFirstOrThrow(),
    recordSuccess: (id: string) => db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute(),
    /**
     * Sets a user's password and, in the same statement, ends their sessions: all of them, or
     * all but `keepSession` (the token hash of the session that made the change).
     */
    setPassword: (id: string, hash: string, at: Date, keepSession: string | null) =>
      db
        .with('changed', (q) => q.updateTable('users').set({ password_hash: hash, password_changed_at: at, failed_logins: 0, locked_until: null }).where('id', '=', id).returning('id'))
        .deleteFrom('sessions')
        .where('user_id', 'in', (eb) => eb.selectFrom('changed').select('changed.id'))
        .$if(keepSession !== null, (q) => q.where('token_hash', '<>', keepSession ?? ''))
        .execute(),

    insertSession: (tokenHash: string, userId: string, expiresAt: Date) =>
      db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute(),
    findSessionUser: (tokenHash: string, now: Date) =>
      db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.username', 'users.role', 'users.org_id', 'users.regions', 'users.disabled', 'users.password_changed_at'])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', now)
        .executeTakeFirst(),
    deleteSession: (tokenHash: string) => db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute(),
    deleteUserSessions: (userId: string) => db.deleteFrom('sessions').where('user_id', '=', userId).execute(),

    insertApiKey: (row: Insertable<ApiKeysTable>) => db.insertInto('api_keys').values(row).execute(),
    findApiKey: (id: string) =>
      db.selectFrom('api_keys').select(['id', 'org_id', 'name', 'secret_hash', 'created_at', 'last_used_at', 'revoked_at']).where('id', '=', id).executeTakeFirst(),
    listApiKeys: (orgId: string) =>
      db.selectFrom('api_keys').select(['id', 'org_id', 'name', 'created_by', 'created_at', 'last_used_at', 'revoked_at']).where('org_id', '=', orgId).orderBy('created_at').execute(),
    revokeApiKey: (id: string, at: Date) => db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute(),
    /** Writes last-used at most once a minute per key, so authenticating stays a read. */
    touchApiKey: (id: string, at: Date) =>
      db
        .updateTable('api_keys')
        .set({ last_used_at: at })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(at.getTime() - 60_000))]))
        .execute(),
  };
}

export type UserRow = NonNullable<Awaited<ReturnType<AuthRepo['findUser']>>>;
export type { Role };
