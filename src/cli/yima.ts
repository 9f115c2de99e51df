/**
 * The `yima` command line: serve, demo, catalog load.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { buildApp } from '../server/app.ts';
import { AppError } from '../server/errors.ts';
import { t } from '../shared/i18n/i18n.ts';
import { rotateLedgerKey } from '../modules/ledger/ledger.keys.ts';
import { auditDatabase } from '../server/app.ts';
import { bootstrap, CliError, formatAppError, loadConfigOrExit, printAdminPassword } from './bootstrap.ts';
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

async function ledgerAudit(): Promise<void> {
  const { database } = await bootstrap();
  try {
    const report = await auditDatabase(database.db);
    for (const p of report.problems) console.log(`✗ ${p.message}`);
    console.log(
      `${report.problems.length === 0 ? 'clean' : `${report.problems.length} problem(s)`}: ${report.leavesChecked} leaves, ` +
        `${report.checkpointsChecked} checkpoints and ${report.recordsChecked} records checked in ${report.origin} (size ${report.size})`,
    );
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
      throw new CliError(`${what}: ${(e as Error).message}`);
    }
  };
  const r = await verifyOffline({ proof: read(opts.proof, '--proof'), record: read(opts.record, '--record'), keys: opts.key, origin: opts.origin });
  if (!r.valid) throw new CliError(`invalid: ${r.reason}`);
  console.log(`valid: leaf ${r.index} is in ${r.origin} (tree size ${r.size}), checkpoint signed by ${r.signers.join(', ')}`);
  // What the proof establishes: these values, exactly as committed; undisclosed members stay digests.
  console.log(`record: ${JSON.stringify(r.record)}${r.hidden ? ` (${r.hidden} member${r.hidden === 1 ? '' : 's'} not disclosed to you: committed, not shown)` : ''}`);
}

async function ledgerRotate(algorithm: string): Promise<void> {
  if (algorithm !== 'sm2' && algorithm !== 'ed25519') throw new CliError(`algorithm: expected sm2 or ed25519, got ${algorithm}`);
  const { config, database, services } = await bootstrap();
  await database.close();
  const vkey = rotateLedgerKey({ dir: config.ledger.keyDir, name: services.ledger.origin, algorithms: config.ledger.signers, files: config.ledger.keyFiles }, algorithm);
  console.log(`new ${algorithm} key: ${vkey}\nThe old key's verifier key stays published at /ledger/keys (retired). Restart the server to sign with the new key.`);
}

async function witnessCommand(opts: { dir: string; port: string; host: string; name?: string; log: string[]; prefix?: string }): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: expected 0–65535, got ${opts.port}`);
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
  if (byOrigin.size === 0) throw new CliError('--log: give the verifier keys of at least one log (vkey text, a file, or the JSON of /ledger/keys)');
  let running;
  try {
    running = await runWitness({
      port, host: opts.host, dir: opts.dir, signerKeyFile: keyFile, ...(opts.prefix && { prefix: opts.prefix }),
      logs: [...byOrigin].map(([origin, verifierKeys]) => ({ origin, verifierKeys })),
    });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  console.log(`witness serving at ${running.url}/add-checkpoint for ${[...byOrigin.keys()].join(', ')}\nwitness key: ${running.verifierKey}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise<void>(() => {});
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
  const ledger = program.command('ledger').description('the tamper-evident ledger');
  ledger
    .command('verify')
    .description('verify a record offline: its proof (tlog-proof or inclusion JSON), the signed checkpoint in it, and public keys')
    .requiredOption('--proof <file>', 'tlog-proof file, or the JSON of /api/v1/ledger/proofs/inclusion')
    .requiredOption('--record <file>', "the leaf's record (the JSON of /api/v1/ledger/leaves/{index}, or its record string)")
    .requiredOption('--key <vkey-or-file...>', 'verifier key text, a file of them, or the JSON of /ledger/keys')
    .option('--origin <origin>', 'require this log origin')
    .action(ledgerVerify);
  ledger.command('audit').description('recompute every leaf, subtree and root from the database and compare the tables with the ledger').action(ledgerAudit);
  ledger.command('rotate-key <algorithm>').description('retire the sm2 or ed25519 checkpoint key and generate a new one').action(ledgerRotate);
  program
    .command('code')
    .description('trace codes')
    .command('parse <input>')
    .description('detect and parse any trace code (GS1, Digital Link, EPC URN, Ecode, CCC, USCC, licence, Yima, opaque): one JSON object; exit 1 if invalid')
    .action((input: string) => {
      const { json, exitCode } = codeParseCommand(input, { digitalLinkBase: loadConfigOrExit().publicUrl });
      console.log(JSON.stringify(json));
      if (exitCode !== 0) throw new CliError('', exitCode);
    });
  program
    .command('issue')
    .description('issue codes for a batch through a running platform (源头赋码), with a progress bar; saves the codes as CSV')
    .requiredOption('--product <id>', 'product id')
    .requiredOption('--lot <lot>', 'batch/lot number')
    .requiredOption('--date <YYYY-MM-DD>', 'production date')
    .requiredOption('--quantity <n>', 'how many codes (up to 1,000,000)')
    .option('--scheme <gs1|yima>', 'GS1 GTIN + serial, or Yima 数字身份码', 'gs1')
    .option('--gtin <gtin>', "for gs1: which of the product's GTINs")
    .option('--request-id <id>', 'client request id (repeat it to get the same job back)', crypto.randomUUID())
    .option('--out <file.csv>', 'save the issued codes as CSV')
    .option('--url <url>', 'the platform', 'http://localhost:8080')
    .requiredOption('--token <token>', 'an API key (yk_…) or session token')
    .action(issueCommand);
  program
    .command('witness')
    .description('run a C2SP tlog-witness that cosigns checkpoints of the given logs and refuses forks (e.g. run by an association or a regulator)')
    .option('--dir <dir>', 'state directory (cosigned sizes, the witness key)', '.yima-witness')
    .option('--port <port>', 'port', '7380')
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--name <name>', "the witness key's name, when generating it")
    .option('--prefix <path>', 'URL path prefix of add-checkpoint')
    .requiredOption('--log <vkey-or-file...>', "a log's verifier keys: vkey text, a file of them, or the JSON of /ledger/keys")
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
