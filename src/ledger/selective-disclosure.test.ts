import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url, utf8Decode, utf8Encode } from './bytes.ts';
import { sha256Node, sm3Node } from './hash.ts';
import { sha256Browser, sm3Browser } from './hash-browser.ts';
import { COMMITTED_LEAF_VERSION, decodeLeaf, encodeCommittedLeaf, encodeLeaf, recordLeafHash } from './leaf-data.ts';
import { leafHash } from './log-hash.ts';
import { DisclosureError, SD, SD_ALG, commitRecord, decodeDisclosure, disclosureDigest, encodeDisclosure, openRecord, revealAll } from './selective-disclosure.ts';

const salt = () => new Uint8Array(crypto.randomBytes(16));
const RECORD = {
  id: 'P1', orgId: 'O1', name: '燃气灶', model: 'JZT-1', gtins: ['06901234567892'],
  attributes: { 'product.public': 'p', 'product.secret': 'MARK-SECRET', nested: { deep: 1 } },
  empty: {}, nothing: null,
};

describe('per-field commitments (SD-JWT technique)', () => {
  it('encodes a disclosure as base64url of [salt, name, value] and digests its ASCII with the log hash (SD-JWT §4.2.1, §4.2.3)', () => {
    const s = encodeBase64Url(new Uint8Array(16).fill(7));
    const d = encodeDisclosure(sm3Node, s, 'model', 'JZT-1');
    expect(utf8Decode(decodeBase64Url(d.encoded) ?? new Uint8Array())).toBe(`["${s}","model","JZT-1"]`);
    expect(d.encoded).not.toMatch(/[+/=]/);
    expect(d.digest).toBe(encodeBase64Url(sm3Node.digest(utf8Encode(d.encoded))));
    // The browser's hashes give the same digests.
    expect(disclosureDigest(sm3Browser, d.encoded)).toBe(d.digest);
    expect(disclosureDigest(sha256Browser, d.encoded)).toBe(disclosureDigest(sha256Node, d.encoded));
    expect(decodeDisclosure(sm3Node, d.encoded)).toMatchObject({ salt: s, name: 'model', value: 'JZT-1', digest: d.digest });
  });

  it('replaces every member but id, orgId and supersedes by a sorted digest, objects member by member, and names the hash', () => {
    const c = commitRecord(sm3Node, { ...RECORD, supersedes: 3 }, salt);
    expect(Object.keys(c.record).sort()).toEqual([SD, SD_ALG, 'attributes', 'empty', 'id', 'orgId', 'supersedes'].sort());
    expect(c.record).toMatchObject({ id: 'P1', orgId: 'O1', supersedes: 3, [SD_ALG]: 'sm3' });
    const top = c.record[SD] as string[];
    expect(top).toHaveLength(4); // name, model, gtins, nothing
    expect([...top].sort()).toEqual(top);
    expect(JSON.stringify(c.record)).not.toContain('MARK-SECRET');
    expect(JSON.stringify(c.record)).not.toContain('燃气灶');
    expect(c.disclosures).toHaveLength(4 + 3);
    expect(commitRecord(sha256Node, { id: 'x' }, salt).record[SD_ALG]).toBe('sha-256');
    // Fresh salts: the same record commits to different digests every time.
    expect(commitRecord(sm3Node, RECORD, salt).record[SD]).not.toEqual(c.record[SD]);
  });

  it('opens a record with all its disclosures back to the original, and with some to those members only', () => {
    const c = commitRecord(sm3Node, RECORD, salt);
    const all = revealAll(sm3Node, c.record, c.disclosures);
    expect(all.record).toEqual(RECORD);
    expect(all.hidden).toBe(0);
    const visible = all.revealed.filter((m) => m.path.join('.') !== 'attributes.product.secret').map((m) => m.disclosure);
    const some = openRecord(sm3Node, c.record, visible);
    expect(some.hidden).toBe(1);
    expect(some.record.attributes).toEqual({ 'product.public': 'p', nested: { deep: 1 } });
    expect(JSON.stringify(some)).not.toContain('MARK-SECRET');
    expect(() => revealAll(sm3Node, c.record, visible)).toThrow(DisclosureError);
  });

  it('refuses a disclosure whose value, salt or name was changed, one from another record, a repeated one, and the wrong hash', () => {
    const c = commitRecord(sm3Node, RECORD, salt);
    const first = c.disclosures[0] ?? '';
    const [s, name, value] = JSON.parse(utf8Decode(decodeBase64Url(first) ?? new Uint8Array()) ?? '[]') as [string, string, unknown];
    const forged = (arr: unknown[]) => encodeBase64Url(utf8Encode(JSON.stringify(arr)));
    const otherSalt = encodeBase64Url(salt());
    for (const bad of [forged([s, name, 'FAKE']), forged([otherSalt, name, value]), forged([s, `${name}x`, value])]) {
      expect(() => openRecord(sm3Node, c.record, [bad]), bad).toThrow(/match no digest/);
    }
    const other = commitRecord(sm3Node, RECORD, salt);
    expect(() => openRecord(sm3Node, c.record, [other.disclosures[0] ?? ''])).toThrow(/match no digest/);
    expect(() => openRecord(sm3Node, c.record, [first, first])).toThrow(/twice/);
    expect(() => openRecord(sha256Node, c.record, [])).toThrow(/_sd_alg/);
    expect(() => openRecord(sm3Node, c.record, ['not base64url!'])).toThrow(DisclosureError);
    expect(() => openRecord(sm3Node, c.record, [forged(['short', name, value])])).toThrow(/128 bits/);
    // A digest changed in the record: its disclosure no longer matches.
    const top = [...(c.record[SD] as string[])];
    top[0] = disclosureDigest(sm3Node, 'x');
    expect(() => revealAll(sm3Node, { ...c.record, [SD]: top }, c.disclosures)).toThrow(DisclosureError);
    // A value slipped into the committed record in clear is refused.
    expect(() => openRecord(sm3Node, { ...c.record, model: 'FAKE' }, [])).toThrow(/neither committed nor allowed/);
  });

  it('refuses members that SD-JWT reserves', () => {
    expect(() => commitRecord(sm3Node, { _sd: [] }, salt)).toThrow(TypeError);
    expect(() => commitRecord(sm3Node, { a: { _sd_alg: 'x' } }, salt)).toThrow(TypeError);
  });
});

describe('version 2 leaves', () => {
  it('hash the committed record in the same envelope with v 2; version 1 leaves decode and hash as before', () => {
    const leaf = encodeCommittedLeaf(sm3Node, 'product', RECORD, salt);
    const decoded = decodeLeaf(leaf.json);
    expect(decoded).toMatchObject({ type: 'product', v: COMMITTED_LEAF_VERSION });
    expect(leaf.json).not.toContain('MARK-SECRET');
    expect(recordLeafHash(sm3Node, 'product', decoded.record, 2)).toEqual(leafHash(sm3Node, leaf.data));
    expect(revealAll(sm3Node, decoded.record, leaf.disclosures).record).toEqual(RECORD);
    const v1 = encodeLeaf('product', RECORD);
    expect(v1.json.endsWith('"v":1}')).toBe(true);
    expect(decodeLeaf(v1.json)).toEqual({ type: 'product', record: RECORD });
    expect(() => encodeLeaf('product', RECORD, 2)).toThrow(/committed/);
    expect(() => decodeLeaf('{"record":{"id":"x"},"type":"product","v":2}')).toThrow(/_sd_alg/);
    expect(() => decodeLeaf('{"record":{"id":"x"},"type":"product","v":3}')).toThrow(/version/);
  });
});
