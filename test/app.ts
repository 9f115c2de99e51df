/**
 * An inject-able app over a fresh test database, with helpers to sign in and build data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../src/config.ts';
import type { Database, DbTarget } from '../src/db/database.ts';
import { buildApp, type Services } from '../src/server/app.ts';
import { openTestDatabase } from './db.ts';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const PASSWORD = 'a-good-long-password';
/**
 * scrypt cost of the test users' hashes: production's (~1 s a hash on a busy 2-core machine, and
 * every factory-built user is hashed once and signed in once) buys a test nothing.
 */
export const TEST_PASSWORD_HASHING = Object.freeze({ N: 16, r: 1, p: 1 });

export interface TestContext {
  app: FastifyInstance;
  services: Services;
  database: Database;
  config: Config;
  adminToken: string;
  /** Signs in and returns the bearer token. */
  login(username: string, password?: string): Promise<string>;
  /** `app.inject` with JSON and an optional bearer token. */
  call(method: string, url: string, opts?: { token?: string | undefined; body?: unknown; lang?: string; headers?: Record<string, string>; remoteAddress?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestContext(target: DbTarget, env: Record<string, string> = {}, clock?: () => Date): Promise<TestContext> {
  const database = await openTestDatabase(target);
  // Ledger signing keys are generated into the data directory: a fresh one per context.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yima-ctx-'));
  const loaded = loadConfig({ YIMA_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'silent', YIMA_LOGIN_RATE_PER_MINUTE: '1000', YIMA_DATA_DIR: dataDir, ...env });
  const config: Config = Object.freeze({ ...loaded, auth: Object.freeze({ ...loaded.auth, passwordHashing: TEST_PASSWORD_HASHING }) });
  const { app, services } = await buildApp({ config, database, logger: false, ...(clock && { clock }) });
  await services.catalog.loadBuiltIns();
  await services.supervision.loadBuiltIns();
  await services.auth.ensureFirstAdmin(ADMIN_PASSWORD);
  await app.ready();
  const call: TestContext['call'] = (method, url, opts = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(opts.token && { authorization: `Bearer ${opts.token}` }),
        ...(opts.lang && { 'accept-language': opts.lang }),
        ...opts.headers,
      },
      ...(opts.body !== undefined && { payload: opts.body as object }),
      ...(opts.remoteAddress !== undefined && { remoteAddress: opts.remoteAddress }),
    });
  const login = async (username: string, password = PASSWORD) => {
    const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    return res.json<{ token: string }>().token;
  };
  const adminToken = await login('admin', ADMIN_PASSWORD);
  return {
    app, services, database, config, adminToken, login, call,
    close: async () => {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
