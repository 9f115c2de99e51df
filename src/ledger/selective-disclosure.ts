/**
 * Per-field commitments for ledger records (browser-safe), the technique of SD-JWT (RFC 9901,
 * draft-ietf-oauth-selective-disclosure-jwt), applied to our canonical-JSON leaves instead of a JWT.
 *
 * Each member of a record becomes a *disclosure* — the base64url (unpadded) UTF-8 of the JSON array
 * `[salt, name, value]` (SD-JWT §4.2.1), with a 128-bit random salt (§4.2.1 and §9.3: at least 128
 * bits, so that a digest of a guessable value cannot be confirmed by trying values). Its digest,
 * base64url(HASH(ASCII(disclosure))) (§4.2.3), replaces the member in the committed record's
 * `_sd` array, sorted so that the order of the members is not revealed (§4.2.4.1). HASH is the
 * log's own hash (SM3 or SHA-256), named in `_sd_alg` (§4.1.1) at the top of the record.
 *
 * - A plain-object value (`attributes: {…}`) is committed member by member, recursively, and stays
 *   in place as an object with its own `_sd` (SD-JWT §4.2.6, "structured" disclosure), so that a
 *   reader can be shown one attribute and not another.
 * - `id`, `orgId` and `supersedes` stay in clear: they say whose record it is and which record it
 *   replaces, which a reader needs before anything is disclosed (they are not profile fields).
 * - Arrays and scalars are disclosed whole.
 *
 * The committed record is what the leaf hashes; the disclosures are kept beside the leaf and
 * handed out to each reader only for the members that reader may see. A reader checks that every
 * disclosure it got hashes to a digest present in the committed record (which the leaf hash, the
 * inclusion proof and the signed checkpoint bind): {@link openRecord}.
 */
import { canonicalize } from './canonical-json.ts';
import type { JsonValue } from './canonical-json.ts';
import { decodeBase64Url, encodeBase64Url, utf8Decode, utf8Encode } from './bytes.ts';
import type { HashName, LogHash } from './log-hash.ts';

/** The member that lists a committed object's digests (SD-JWT §4.2.4.1). */
export const SD = '_sd';
/** The member that names the digest hash (SD-JWT §4.1.1). */
export const SD_ALG = '_sd_alg';
/** Top-level members that stay in clear. */
export const CLEAR_MEMBERS: readonly string[] = Object.freeze(['id', 'orgId', 'supersedes']);
/** Salt length in bytes (128 bits, SD-JWT §9.3). */
export const SALT_BYTES = 16;

type JsonObject = { readonly [key: string]: JsonValue | undefined };

/** A disclosure or a committed record that does not check out. */
export class DisclosureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisclosureError';
  }
}

/** `_sd_alg` of a log hash: the IANA "Named Information Hash Algorithm" name for SHA-256, `sm3` for SM3. */
export function sdAlgOf(hash: HashName): string {
  return hash === 'sha256' ? 'sha-256' : 'sm3';
}

function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// A record commits every field: encoding each into one scratch buffer, used at once and never
// kept, instead of a fresh array per step, halves the cost of a disclosure.
const encoder = new TextEncoder();
const scratch = new Uint8Array(16 * 1024);
function withUtf8<T>(text: string, use: (bytes: Uint8Array) => T): T {
  const r = text.length * 3 <= scratch.length ? encoder.encodeInto(text, scratch) : undefined;
  return use(r && r.read === text.length ? scratch.subarray(0, r.written) : utf8Encode(text));
}

/** The digest of an encoded disclosure: base64url(HASH(ASCII(disclosure))) (SD-JWT §4.2.3). */
export function disclosureDigest(hash: LogHash, encoded: string): string {
  return withUtf8(encoded, (bytes) => encodeBase64Url(hash.digest(bytes)));
}

/**
 * Encodes one disclosure `[salt, name, value]`. The JSON is RFC 8785 canonical, so that the same
 * salt, name and value always give the same text (SD-JWT itself allows any JSON encoding).
 *
 * @example
 * encodeDisclosure(sm3Node, '_26bc4LT-ac6q2KI6cBW5es', 'model', 'TDT2201Z') // { encoded: 'WyJfMjZi…', digest: '…' }
 */
export function encodeDisclosure(hash: LogHash, salt: string, name: string, value: JsonValue): { encoded: string; digest: string } {
  const encoded = withUtf8(canonicalize([salt, name, value]), encodeBase64Url);
  return { encoded, digest: disclosureDigest(hash, encoded) };
}

/** A decoded disclosure. */
export interface Disclosure {
  readonly encoded: string;
  readonly digest: string;
  readonly salt: string;
  readonly name: string;
  readonly value: JsonValue;
}

/**
 * Decodes a disclosure; throws a DisclosureError unless it is base64url of a JSON array of a salt
 * (base64url of 16 bytes), a member name and a value.
 */
export function decodeDisclosure(hash: LogHash, encoded: string): Disclosure {
  const bytes = decodeBase64Url(encoded);
  const text = bytes && utf8Decode(bytes);
  if (text === undefined) throw new DisclosureError('a disclosure is not base64url of UTF-8 text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DisclosureError('a disclosure is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw new DisclosureError('a disclosure is not a [salt, name, value] array');
  const [salt, name, value] = parsed as unknown[];
  if (typeof salt !== 'string' || decodeBase64Url(salt)?.length !== SALT_BYTES) throw new DisclosureError('a disclosure\'s salt is not 128 bits of base64url');
  if (typeof name !== 'string' || name === SD || name === SD_ALG || name === '...') throw new DisclosureError(`a disclosure names a reserved or non-string member: ${JSON.stringify(name)}`);
  return { encoded, digest: disclosureDigest(hash, encoded), salt, name, value: value as JsonValue };
}

/** The result of committing a record: what the leaf hashes, and the disclosures kept beside it. */
export interface CommittedRecord {
  readonly record: JsonObject;
  /** Every disclosure, in record order (depth first). */
  readonly disclosures: readonly string[];
}

/**
 * Commits every member of `record` (see the file comment). `salt()` returns 16 random bytes each
 * call. Throws a TypeError for a member named `_sd`, `_sd_alg` or `...` (reserved by SD-JWT).
 *
 * @example
 * const { record, disclosures } = commitRecord(sm3Node, { id: 'P1', orgId: 'O1', model: 'X', attributes: { a: 1 } }, () => crypto.getRandomValues(new Uint8Array(16)));
 * // record = { _sd: ['…'], _sd_alg: 'sm3', attributes: { _sd: ['…'] }, id: 'P1', orgId: 'O1' }
 */
export function commitRecord(hash: LogHash, record: JsonObject, salt: () => Uint8Array): CommittedRecord {
  const disclosures: string[] = [];
  const commitObject = (obj: JsonObject, top: boolean): JsonObject => {
    const out: Record<string, JsonValue> = {};
    const digests: string[] = [];
    for (const [name, value] of Object.entries(obj)) {
      if (value === undefined) continue;
      if (name === SD || name === SD_ALG || name === '...') throw new TypeError(`a ledger record may not have a member named ${name}`);
      if (top && CLEAR_MEMBERS.includes(name)) {
        out[name] = value;
      } else if (isPlainObject(value)) {
        out[name] = commitObject(value, false);
      } else {
        const d = encodeDisclosure(hash, encodeBase64Url(salt()), name, value);
        disclosures.push(d.encoded);
        digests.push(d.digest);
      }
    }
    out[SD] = digests.sort();
    return out;
  };
  const committed = commitObject(record, true);
  return { record: { ...committed, [SD_ALG]: sdAlgOf(hash.name) }, disclosures };
}

/** A disclosed member: where it is (`['attributes', 'product.colour']`), and its value. */
export interface RevealedMember {
  readonly path: readonly string[];
  readonly value: JsonValue;
  readonly disclosure: string;
}

/** What {@link openRecord} finds. */
export interface OpenedRecord {
  /** The record with the disclosed members in place and the undisclosed ones left out. */
  readonly record: { [key: string]: JsonValue };
  readonly revealed: readonly RevealedMember[];
  /** How many committed members no disclosure was given for. */
  readonly hidden: number;
}

/**
 * Checks disclosures against a committed record and puts them in place. Throws a DisclosureError
 * when `_sd_alg` is not the log's hash, a digest appears twice, a disclosure is malformed, or a
 * disclosure's digest is not in the record (it was altered, or belongs to another record) — so a
 * reader that gets no error knows every value it was shown is the one the leaf committed to.
 *
 * @example
 * const { record, hidden } = openRecord(sm3Node, JSON.parse(leaf.record).record, leaf.disclosures);
 */
export function openRecord(hash: LogHash, committed: JsonObject, disclosures: readonly string[]): OpenedRecord {
  if (committed[SD_ALG] !== sdAlgOf(hash.name)) throw new DisclosureError(`the record's ${SD_ALG} is ${JSON.stringify(committed[SD_ALG])}, the log's hash is ${sdAlgOf(hash.name)}`);
  const byDigest = new Map<string, Disclosure>();
  for (const encoded of disclosures) {
    const d = decodeDisclosure(hash, encoded);
    if (byDigest.has(d.digest)) throw new DisclosureError('the same disclosure was given twice');
    byDigest.set(d.digest, d);
  }
  const seen = new Set<string>();
  const revealed: RevealedMember[] = [];
  let hidden = 0;
  const openObject = (obj: JsonObject, path: readonly string[], top: boolean): { [key: string]: JsonValue } => {
    const out: { [key: string]: JsonValue } = {};
    for (const [name, value] of Object.entries(obj)) {
      if (value === undefined || name === SD || (top && name === SD_ALG)) continue;
      if (top && CLEAR_MEMBERS.includes(name)) out[name] = value;
      else if (isPlainObject(value)) out[name] = openObject(value, [...path, name], false);
      else throw new DisclosureError(`member ${[...path, name].join('.')} is neither committed nor allowed in clear`);
    }
    const digests = obj[SD];
    if (!Array.isArray(digests) || digests.some((x) => typeof x !== 'string')) throw new DisclosureError(`${path.length ? path.join('.') : 'the record'} has no ${SD} array of digests`);
    for (const digest of digests as string[]) {
      if (seen.has(digest)) throw new DisclosureError(`digest ${digest} appears twice in the record`);
      seen.add(digest);
      const d = byDigest.get(digest);
      if (!d) {
        hidden++;
        continue;
      }
      if (Object.hasOwn(out, d.name)) throw new DisclosureError(`member ${[...path, d.name].join('.')} is disclosed twice`);
      out[d.name] = d.value;
      revealed.push({ path: [...path, d.name], value: d.value, disclosure: d.encoded });
    }
    return out;
  };
  const record = openObject(committed, [], true);
  const unmatched = [...byDigest.keys()].filter((d) => !seen.has(d));
  if (unmatched.length) throw new DisclosureError(`${unmatched.length} disclosure(s) match no digest of the record: altered, or from another record`);
  return { record, revealed, hidden };
}

/**
 * The paths of every committed member of a fully disclosed record, in record order, each with
 * its disclosure — what a presenter filters by audience.
 *
 * @example
 * revealAll(sm3Node, committed, disclosures).filter((m) => mayRead(m.path)).map((m) => m.disclosure)
 */
export function revealAll(hash: LogHash, committed: JsonObject, disclosures: readonly string[]): OpenedRecord {
  const opened = openRecord(hash, committed, disclosures);
  if (opened.hidden) throw new DisclosureError(`${opened.hidden} committed member(s) have no stored disclosure`);
  return opened;
}
