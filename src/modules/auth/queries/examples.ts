/** Example calls of the auth module's SQL, for `npm run sql` (scripts/sql-queries.ts). */
import { at, defineExamples, id, repoExamples } from '../../../../scripts/sql-examples.ts';
import { createAuthRepo } from '../auth.repo.ts';

const USER = id(101);
const ORG = id(1);
const KEY = id(201);
const TOKEN = 'a'.repeat(64);

export const examples = defineExamples({
  '../auth.repo.ts': repoExamples(createAuthRepo, {
    findUserByName: (repo) => repo.findUserByName('operator'),
    findUser: (repo) => repo.findUser(USER),
    countUsers: (repo) => repo.countUsers(),
    insertUser: (repo) =>
      repo.insertUser({
        id: USER, username: 'operator', display_name: 'Operator', password_hash: 'scrypt$…', role: 'org_operator', org_id: ORG,
        regions: [], password_changed_at: at(), created_at: at(),
      }),
    listUsers: [
      { name: 'all', run: (repo) => repo.listUsers({}) },
      { name: 'of an organisation', run: (repo) => repo.listUsers({ orgId: ORG }) },
    ],
    recordFailure: (repo) => repo.recordFailure(USER, 5, at(15)),
    recordSuccess: (repo) => repo.recordSuccess(USER),
    setPassword: [
      { name: 'ending every session', run: (repo) => repo.setPassword(USER, 'scrypt$…', at(), null) },
      { name: 'keeping the current session', run: (repo) => repo.setPassword(USER, 'scrypt$…', at(), TOKEN) },
    ],
    insertSession: (repo) => repo.insertSession(TOKEN, USER, at(60)),
    findSessionUser: (repo) => repo.findSessionUser(TOKEN, at()),
    deleteSession: (repo) => repo.deleteSession(TOKEN),
    deleteUserSessions: (repo) => repo.deleteUserSessions(USER),
    insertApiKey: (repo) =>
      repo.insertApiKey({ id: KEY, org_id: ORG, name: 'ERP', secret_hash: 'b'.repeat(64), created_by: USER, created_at: at() }),
    findApiKey: (repo) => repo.findApiKey(KEY),
    listApiKeys: (repo) => repo.listApiKeys(ORG),
    revokeApiKey: (repo) => repo.revokeApiKey(KEY, at()),
    touchApiKey: (repo) => repo.touchApiKey(KEY, at()),
  }),
});
