#!/usr/bin/env node
// Generates src/shared/codes/gs1/ai-table.generated.ts from the vendored GS1 Barcode Syntax Dictionary
// (src/shared/codes/gs1/data/gs1-syntax-dictionary.txt). The table is committed; a test reruns this
// script and compares byte for byte, so edit the dictionary (or this script), never the output.
//
//   node scripts/gen-gs1-ai-table.mjs           write the table
//   node scripts/gen-gs1-ai-table.mjs --check   exit 1 if the committed table is stale
//   node scripts/gen-gs1-ai-table.mjs --stdout  print the table
//
// The dictionary format is described in its own header ("Syntax: AIs [Flags] Specification
// [Attributes...] [# Title]"); anything this script does not understand is an error, so that a new
// dictionary release with new syntax cannot be half-read.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DICTIONARY = path.join(root, 'src/shared/codes/gs1/data/gs1-syntax-dictionary.txt');
const OUTPUT = path.join(root, 'src/shared/codes/gs1/ai-table.generated.ts');

// Dictionary header: flags are allocated from this set; "*" and "?" are defined.
const FLAG_TOKEN = /^[*!?"$%&'()+,\-./:;<=>@[\\\]^_`{|}~]+$/;
const KNOWN_FLAGS = new Set(['*', '?']);
// "N14,csum", "X..20", "[N3],iso3166", "[X..17]": Type[,linter...], optionally bracketed.
const COMPONENT = /^(\[?)([NXYZ])(\.\.)?(\d+)(\]?)((?:,[a-z0-9]+)*)$/;
const AI_PATTERN = /^[0-9][0-9n]{1,3}$/;

/** Parses the dictionary text into entries with ranges expanded. Throws on anything unexpected. */
export function parseDictionary(text) {
  const release = /^# Release: (.*)$/m.exec(text)?.[1]?.trim() ?? 'UNKNOWN';
  const entries = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const where = `gs1-syntax-dictionary.txt:${index + 1}`;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const hash = line.indexOf('#');
    const body = hash >= 0 ? line.slice(0, hash) : line;
    const title = hash >= 0 ? line.slice(hash + 1).trim() : '';
    const tokens = body.trim().split(/\s+/);
    let t = 0;
    const aiToken = tokens[t++];
    const range = /^(\d{2,4})(?:-(\d{2,4}))?$/.exec(aiToken ?? '');
    if (!range) throw new Error(`${where}: bad AI or AI range ${JSON.stringify(aiToken)}`);
    const first = range[1];
    const last = range[2] ?? first;
    if (last.length !== first.length || Number(last) < Number(first)) throw new Error(`${where}: bad AI range ${aiToken}`);

    let flags = '';
    if (tokens[t] !== undefined && FLAG_TOKEN.test(tokens[t])) flags = tokens[t++];
    for (const f of flags) if (!KNOWN_FLAGS.has(f)) throw new Error(`${where}: unknown flag ${f}`);

    const components = [];
    const specParts = [];
    while (tokens[t] !== undefined) {
      const m = COMPONENT.exec(tokens[t]);
      if (!m) break;
      const [, open, cset, dots, len, close, linterText] = m;
      if ((open === '[') !== (close === ']')) throw new Error(`${where}: unbalanced [] in ${tokens[t]}`);
      const max = Number(len);
      const optional = open === '[';
      if (!optional && components.some((c) => c.optional)) throw new Error(`${where}: mandatory component after an optional one`);
      if (components.length > 0 && components[components.length - 1].min !== components[components.length - 1].max) {
        throw new Error(`${where}: only the final component may have variable length`);
      }
      components.push({ cset, min: dots ? 1 : max, max, optional, linters: linterText.split(',').filter(Boolean) });
      specParts.push(tokens[t]);
      t++;
    }
    if (components.length === 0) throw new Error(`${where}: no specification`);

    const req = [];
    const ex = [];
    let dlpkey;
    for (; t < tokens.length; t++) {
      const tok = tokens[t];
      const eq = tok.indexOf('=');
      const key = eq >= 0 ? tok.slice(0, eq) : tok;
      const value = eq >= 0 ? tok.slice(eq + 1) : undefined;
      if (key === 'req' && value) {
        const groups = value.split(',').map((g) => g.split('+'));
        for (const p of groups.flat()) if (!AI_PATTERN.test(p)) throw new Error(`${where}: bad AI pattern ${p} in ${tok}`);
        req.push(groups);
      } else if (key === 'ex' && value) {
        const patterns = value.split(',');
        for (const p of patterns) if (!AI_PATTERN.test(p)) throw new Error(`${where}: bad AI pattern ${p} in ${tok}`);
        ex.push(...patterns);
      } else if (key === 'dlpkey') {
        if (dlpkey) throw new Error(`${where}: repeated dlpkey`);
        dlpkey = value === undefined ? [[]] : value.split('|').map((alt) => alt.split(','));
        for (const q of dlpkey.flat()) if (!/^\d{2,4}$/.test(q)) throw new Error(`${where}: bad qualifier ${q} in ${tok}`);
      } else {
        throw new Error(`${where}: unknown attribute ${JSON.stringify(tok)}`);
      }
    }

    for (let n = Number(first); n <= Number(last); n++) {
      const ai = String(n).padStart(first.length, '0');
      entries.push({
        ai,
        title,
        fixed: flags.includes('*'),
        dlAttr: flags.includes('?'),
        spec: specParts.join(' '),
        components,
        req,
        ex,
        ...(dlpkey ? { dlpkey } : {}),
      });
    }
  });
  checkPrefixFree(entries);
  return { release, entries };
}

// GS1 General Specifications §3.2: no AI is a prefix of another, which is what lets a scanner's
// unbracketed data be split without separators before each AI.
function checkPrefixFree(entries) {
  const ais = new Set(entries.map((e) => e.ai));
  for (const e of entries) {
    for (let l = 2; l < e.ai.length; l++) {
      if (ais.has(e.ai.slice(0, l))) throw new Error(`AI ${e.ai.slice(0, l)} is a prefix of AI ${e.ai}`);
    }
  }
  const seen = new Set();
  for (const e of entries) {
    if (seen.has(e.ai)) throw new Error(`AI ${e.ai} is defined twice`);
    seen.add(e.ai);
  }
}

const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const list = (xs, f) => `[${xs.map(f).join(', ')}]`;

/** Renders the TypeScript module for the parsed dictionary. */
export function renderTable(text) {
  const { release, entries } = parseDictionary(text);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const out = [];
  out.push('// GENERATED by scripts/gen-gs1-ai-table.mjs from gs1/data/gs1-syntax-dictionary.txt. Do not edit by hand:');
  out.push('// change the dictionary and run `node scripts/gen-gs1-ai-table.mjs`. The dictionary is the GS1 Barcode');
  out.push('// Syntax Dictionary (Apache-2.0, see gs1/data/LICENSE and gs1/data/SOURCE.txt).');
  out.push("import type { Gs1AiEntry } from './ai-entry.ts';");
  out.push('');
  out.push('/** The `Release:` line of the dictionary this table was generated from. */');
  out.push(`export const GS1_SYNTAX_DICTIONARY_RELEASE = ${q(release)};`);
  out.push('');
  out.push('/** SHA-256 of the dictionary file this table was generated from. */');
  out.push(`export const GS1_SYNTAX_DICTIONARY_SHA256 = ${q(sha256)};`);
  out.push('');
  out.push('/** Every AI of the dictionary in dictionary order, ranges such as 3100-3105 expanded. */');
  out.push('export const GS1_AI_TABLE: readonly Gs1AiEntry[] = [');
  for (const e of entries) {
    const components = list(
      e.components,
      (c) => `{ cset: ${q(c.cset)}, min: ${c.min}, max: ${c.max}, optional: ${c.optional}, linters: ${list(c.linters, q)} }`,
    );
    const req = list(e.req, (groups) => list(groups, (g) => list(g, q)));
    const ex = list(e.ex, q);
    const dlpkey = e.dlpkey ? `, dlpkey: ${list(e.dlpkey, (alt) => list(alt, q))}` : '';
    out.push(
      `  { ai: ${q(e.ai)}, title: ${q(e.title)}, fixed: ${e.fixed}, dlAttr: ${e.dlAttr}, spec: ${q(e.spec)}, ` +
        `components: ${components}, req: ${req}, ex: ${ex}${dlpkey} },`,
    );
  }
  out.push('];');
  out.push('');
  return out.join('\n');
}

function main(argv) {
  const text = fs.readFileSync(DICTIONARY, 'utf8');
  const rendered = renderTable(text);
  if (argv.includes('--stdout')) {
    process.stdout.write(rendered);
    return 0;
  }
  const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
  if (argv.includes('--check')) {
    if (current === rendered) return 0;
    process.stderr.write(`${path.relative(root, OUTPUT)} is stale: run node scripts/gen-gs1-ai-table.mjs\n`);
    return 1;
  }
  if (current !== rendered) fs.writeFileSync(OUTPUT, rendered);
  process.stdout.write(`${path.relative(root, OUTPUT)}: ${parseDictionary(text).entries.length} AIs\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
