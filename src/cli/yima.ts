/**
 * The `yima` command line: serve, demo, catalog load.
 */
import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { buildApp } from '../server/app.ts';
import { AppError } from '../server/errors.ts';
import { t } from '../shared/i18n/i18n.ts';
import { bootstrap, CliError, formatAppError, printAdminPassword } from './bootstrap.ts';
import { loadDemo } from './demo.ts';

async function serve(): Promise<void> {
  const started = performance.now();
  const { config, database, adminPassword } = await bootstrap();
  const { app } = await buildApp({ config, database });
  const close = async () => {
    await app.close();
    await database.close();
  };
  process.once('SIGINT', () => void close().then(() => process.exit(0)));
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
  await app.listen({ port: config.port, host: config.host });
  printAdminPassword(adminPassword);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`${t('zh-CN', 'cli.listening', { url, db: database.location })}\n${t('en', 'cli.listening', { url, db: database.location })}`);
  app.log.info({ startupMs: Math.round(performance.now()), openMs: Math.round(performance.now() - started), database: database.target }, 'ready');
  await new Promise<void>(() => {});
}

async function catalogLoad(file: string) {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`${file}: ${(e as Error).message}`);
  }
  const { database, services } = await bootstrap();
  try {
    const { row, created } = await services.catalog.loadTrusted(doc);
    console.log(JSON.stringify({ created, kind: row.kind, id: row.doc_id, version: row.version, effectiveFrom: row.effective_from, sha256: row.sha256 }));
  } finally {
    await database.close();
  }
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('yima')
    .description('Yima 一码 — quality-safety traceability platform')
    .exitOverride();
  program.command('serve').description('start the platform (HTTP server)').action(serve);
  program.command('demo').description('load the demo data set into the configured database (run with the server stopped)').action(loadDemo);
  program
    .command('catalog')
    .description('key-product catalogue')
    .command('load <file>')
    .description('load a key-product list or data-requirements profile (JSON) as a new version')
    .action(catalogLoad);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CliError) {
      console.error(e.message);
      return e.exitCode;
    }
    if (e instanceof AppError) {
      console.error(formatAppError(e));
      return 1;
    }
    throw e;
  }
}
