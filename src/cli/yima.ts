/**
 * The `yima` command line: serve, demo, catalog load. Its messages and help are in the terminal's
 * language (`--lang`, else LC_ALL / LANG, else Chinese), from the i18n catalogs (cli.*).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { buildApp } from '../server/app.ts';
import { AppError } from '../server/errors.ts';
import { rotateLedgerKey } from '../modules/ledger/ledger.keys.ts';
import { auditDatabase } from '../server/app.ts';
import { bootstrap, chooseCliLocale, CliError, cliBanner, cliLocale, cliText as m, formatAppError, loadConfigOrExit, printAdminPassword } from './bootstrap.ts';
import { readKeys, verifyOffline } from './ledger-verify.ts';
import { issueCommand } from './issue.ts';
import { codeParseCommand } from './code-parse.ts';
import { generateCosignerKey } from '../modules/witness/cosignature.ts';
import { createWitnessClient } from '../modules/witness/witness-client.ts';
import { runWitness } from '../modules/witness/witness-server.ts';
import { loadDemo } from './demo.ts';

async function serve(): Promise<void> {
  const started = performance.now();
  const { config, database, adminPassword } = await bootstrap();
  const { app, services } = await buildApp({ config, database });
  const witnesses = config.ledger.witnesses.length
    ? createWitnessClient({ witnesses: config.ledger.witnesses, consistency: services.ledger.consistencyPath })
    : undefined;
  const witness = async (c: { size: number; note: string }) => {
    if (!witnesses) return;
    for (const r of await services.ledger.witness(witnesses, c)) {
      if (r.ok) app.log.info({ witness: r.witness, size: c.size }, 'checkpoint cosigned');
      else app.log.warn({ witness: r.witness, size: c.size, status: r.status, reason: r.reason }, 'witness refused or failed');
    }
  };
  await witness(await services.ledger.checkpoint());
  await services.issuance.resume();
  const stopCheckpointer = services.ledger.startCheckpointer({
    seconds: config.ledger.checkpointSeconds,
    records: config.ledger.checkpointRecords,
    onError: (err) => app.log.error({ err }, 'checkpoint failed'),
    onCheckpoint: (c) => {
      app.log.info({ size: c.size }, 'checkpoint signed');
      void witness(c).catch((err: unknown) => app.log.error({ err }, 'witnessing failed'));
    },
  });
  const close = async () => {
    stopCheckpointer();
    await app.close();
    await database.close();
  };
  process.once('SIGINT', () => void close().then(() => process.exit(0)));
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
  await app.listen({ port: config.port, host: config.host });
  printAdminPassword(adminPassword);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(cliBanner('cli.listening', { url, db: database.location }));
  app.log.info({ startupMs: Math.round(performance.now()), openMs: Math.round(performance.now() - started), database: database.target }, 'ready');
  await new Promise<void>(() => {});
}

async function catalogLoad(file: string) {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(m('cli.file_unreadable', { file, reason: (e as Error).message }));
  }
  const { database, services } = await bootstrap();
  try {
    const { row, created } = await services.catalog.loadTrusted(doc);
    console.log(JSON.stringify({ created, kind: row.kind, id: row.doc_id, version: row.version, effectiveFrom: row.effective_from, sha256: row.sha256 }));
  } finally {
    await database.close();
  }
}

async function ledgerAudit(): Promise<void> {
  const { database } = await bootstrap();
  try {
    const report = await auditDatabase(database.db);
    for (const p of report.problems) console.log(m('cli.audit_problem', { message: { key: p.key, params: p.params } }));
    const counts = { count: report.problems.length, leaves: report.leavesChecked, checkpoints: report.checkpointsChecked, records: report.recordsChecked, origin: report.origin, size: report.size };
    console.log(m(report.problems.length === 0 ? 'cli.audit_clean' : 'cli.audit_problems', counts));
    if (report.problems.length > 0) throw new CliError('', 1);
  } finally {
    await database.close();
  }
}

async function ledgerVerify(opts: { proof: string; record: string; key: string[]; origin?: string }): Promise<void> {
  const read = (f: string, what: string) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch (e) {
      throw new CliError(m('cli.file_unreadable', { file: what, reason: (e as Error).message }));
    }
  };
  const r = await verifyOffline({ proof: read(opts.proof, '--proof'), record: read(opts.record, '--record'), keys: opts.key, origin: opts.origin });
  if (!r.valid) throw new CliError(m('cli.verify_invalid', { reason: r.reason }));
  console.log(m('cli.verify_valid', { index: r.index, origin: r.origin, size: r.size, signers: r.signers.join(', ') }));
  // What the proof establishes: these values, exactly as committed; undisclosed members stay digests.
  const record = JSON.stringify(r.record);
  console.log(r.hidden ? m(r.hidden === 1 ? 'cli.verify_record_hidden_one' : 'cli.verify_record_hidden', { record, hidden: r.hidden }) : m('cli.verify_record', { record }));
}

async function ledgerRotate(algorithm: string): Promise<void> {
  if (algorithm !== 'sm2' && algorithm !== 'ed25519') throw new CliError(m('cli.rotate_bad_algorithm', { algorithm }));
  const { config, database, services } = await bootstrap();
  await database.close();
  const vkey = rotateLedgerKey({ dir: config.ledger.keyDir, name: services.ledger.origin, algorithms: config.ledger.signers, files: config.ledger.keyFiles }, algorithm);
  console.log(m('cli.rotate_done', { algorithm, vkey }));
}

async function witnessCommand(opts: { dir: string; port: string; host: string; name?: string; log: string[]; prefix?: string }): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(m('cli.witness_bad_port', { port: opts.port }));
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(opts.dir, 'witness.key');
  if (!fs.existsSync(keyFile)) {
    const name = opts.name ?? `witness.${os.hostname()}`;
    fs.writeFileSync(keyFile, `${generateCosignerKey(name).signerKey}\n`, { mode: 0o600, flag: 'wx' });
  }
  const byOrigin = new Map<string, string[]>();
  for (const vkey of readKeys(opts.log)) {
    const origin = vkey.split('+')[0] ?? '';
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), vkey]);
  }
  if (byOrigin.size === 0) throw new CliError(m('cli.witness_no_log'));
  let running;
  try {
    running = await runWitness({
      port, host: opts.host, dir: opts.dir, signerKeyFile: keyFile, ...(opts.prefix && { prefix: opts.prefix }),
      logs: [...byOrigin].map(([origin, verifierKeys]) => ({ origin, verifierKeys })),
    });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  console.log(m('cli.witness_serving', { url: running.url, logs: [...byOrigin.keys()].join(', '), key: running.verifierKey }));
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise<void>(() => {});
}

/** `--lang <x>` or `--lang=x` anywhere in the arguments: read before the help texts are built. */
function langArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const lang = langArgument(argv);
  if (lang !== undefined) chooseCliLocale(lang);
  const program = new Command()
    .name('yima')
    .description(m('cli.help.program'))
    .option('--lang <zh-CN|en>', m('cli.help.lang'))
    .exitOverride();
  program.command('serve').description(m('cli.help.serve')).action(serve);
  program.command('demo').description(m('cli.help.demo')).action(loadDemo);
  program
    .command('catalog')
    .description(m('cli.help.catalog'))
    .command('load <file>')
    .description(m('cli.help.catalog_load'))
    .action(catalogLoad);
  const ledger = program.command('ledger').description(m('cli.help.ledger'));
  ledger
    .command('verify')
    .description(m('cli.help.ledger_verify'))
    .requiredOption('--proof <file>', m('cli.help.opt_proof'))
    .requiredOption('--record <file>', m('cli.help.opt_record'))
    .requiredOption('--key <vkey-or-file...>', m('cli.help.opt_key'))
    .option('--origin <origin>', m('cli.help.opt_origin'))
    .action(ledgerVerify);
  ledger.command('audit').description(m('cli.help.ledger_audit')).action(ledgerAudit);
  ledger.command('rotate-key <algorithm>').description(m('cli.help.ledger_rotate')).action(ledgerRotate);
  program
    .command('code')
    .description(m('cli.help.code'))
    .command('parse <input>')
    .description(m('cli.help.code_parse'))
    .action((input: string) => {
      const { json, exitCode } = codeParseCommand(input, { digitalLinkBase: loadConfigOrExit().publicUrl, locale: cliLocale() });
      console.log(JSON.stringify(json));
      if (exitCode !== 0) throw new CliError('', exitCode);
    });
  program
    .command('issue')
    .description(m('cli.help.issue'))
    .requiredOption('--product <id>', m('cli.help.opt_product'))
    .requiredOption('--lot <lot>', m('cli.help.opt_lot'))
    .requiredOption('--date <YYYY-MM-DD>', m('cli.help.opt_date'))
    .requiredOption('--quantity <n>', m('cli.help.opt_quantity'))
    .option('--scheme <gs1|yima>', m('cli.help.opt_scheme'), 'gs1')
    .option('--gtin <gtin>', m('cli.help.opt_gtin'))
    .option('--request-id <id>', m('cli.help.opt_request_id'), crypto.randomUUID())
    .option('--out <file.csv>', m('cli.help.opt_out'))
    .option('--url <url>', m('cli.help.opt_url'), 'http://localhost:8080')
    .requiredOption('--token <token>', m('cli.help.opt_token'))
    .action(issueCommand);
  program
    .command('witness')
    .description(m('cli.help.witness'))
    .option('--dir <dir>', m('cli.help.opt_dir'), '.yima-witness')
    .option('--port <port>', m('cli.help.opt_port'), '7380')
    .option('--host <host>', m('cli.help.opt_host'), '127.0.0.1')
    .option('--name <name>', m('cli.help.opt_name'))
    .option('--prefix <path>', m('cli.help.opt_prefix'))
    .requiredOption('--log <vkey-or-file...>', m('cli.help.opt_log'))
    .action(witnessCommand);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CliError) {
      if (e.message) console.error(e.message);
      return e.exitCode;
    }
    if (e instanceof AppError) {
      console.error(formatAppError(e));
      return 1;
    }
    throw e;
  }
}
