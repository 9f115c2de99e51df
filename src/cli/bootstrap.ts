/**
 * Shared start-up for commands that use the database: validated configuration, the database
 * (migrated), the built-in catalogue and the first admin.
 */
import { ConfigError, type Config, loadConfig, terminalLanguage } from '../config.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { assertCryptoSelfTest } from '../ledger/crypto-self-test.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { createServices, type Services } from '../server/app.ts';
import type { AppError } from '../server/errors.ts';
import { type Locale, type MessageKey, type Params, negotiateLocale, t } from '../shared/i18n/i18n.ts';

/** An error a person can act on: printed without a stack, exit code given. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

let chosenLocale: Locale | undefined;

/** The CLI's language from `--lang` (runCli sets it once, before any command runs). */
export function chooseCliLocale(lang: string): void {
  chosenLocale = negotiateLocale(lang);
}

/** The language of CLI messages: `--lang`, else LC_ALL / LANG, else Chinese. */
export const cliLocale = (): Locale => chosenLocale ?? negotiateLocale(terminalLanguage());

/** A CLI message in the terminal's language. */
export const cliText = (key: MessageKey, params?: Params): string => t(cliLocale(), key, params);

/**
 * Lines printed once at start-up that people read before they set a language: Chinese then English
 * when neither `--lang` nor LC_ALL / LANG names one, else in that language.
 */
export function cliBanner(key: MessageKey, params?: Params): string {
  return chosenLocale ?? terminalLanguage() ? cliText(key, params) : `${t('zh-CN', key, params)}\n${t('en', key, params)}`;
}

/** The configuration, or a CliError (exit 2) listing every problem. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, 2);
    throw e;
  }
}

export async function bootstrap(): Promise<{ config: Config; database: Database; services: Services; adminPassword: string | undefined }> {
  const config = loadConfigOrExit();
  // Known-answer checks of SM3, SHA-256, SM4, SM2 and Ed25519 before anything is signed (~0.1 s).
  assertCryptoSelfTest();
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      const { pid, host, startedAt, command } = e.holder;
      throw new CliError(cliText('cli.data_dir_locked', { dir: e.dataDir, pid, host, started: startedAt, command }), 1);
    }
    if (config.databaseUrl && e instanceof Error) throw new CliError(cliText('cli.database_unusable', { reason: e.message }), 1);
    throw e;
  }
  const services = await createServices({ config, database });
  await services.catalog.loadBuiltIns();
  await services.supervision.loadBuiltIns();
  const adminPassword = await services.auth.ensureFirstAdmin(config.adminPassword);
  return { config, database, services, adminPassword };
}

export function printAdminPassword(password: string | undefined): void {
  if (!password) return;
  const line = '='.repeat(72);
  console.log(`${line}\n${cliBanner('cli.admin_created', { password })}\n${line}`);
}

/** A service error as readable lines in the terminal's language: the problem, then one line per field. */
export function formatAppError(e: AppError, locale: Locale = cliLocale()): string {
  const params = typeof e.params.entity === 'string' ? { ...e.params, entity: t(locale, `entity.${e.params.entity}` as MessageKey) } : e.params;
  return [t(locale, e.key, params), ...e.errors.map((f) => `  - ${t(locale, f.key, f.params)}`)].join('\n');
}
