/**
 * The scan page's only script (bundled to `/assets/scan.js`, loaded with `defer`). The page is
 * complete without it; it adds two things:
 *
 * 1. "Verified in the ledger": fetches the proof named by `#ledger[data-proof-url]` and checks, on
 *    the phone, the checkpoint's signature and every record's inclusion path — so a consumer need
 *    not take the server's word for it. The words come from the section's `data-*` attributes,
 *    rendered in the page's language, so this script carries no catalogue.
 * 2. An opt-in "share my location" button: only on a tap, never on load, rounded to 0.1°.
 */
import {
  CheckpointError,
  NoteError,
  decodeBase64,
  isWebCryptoEd25519Supported,
  verifyRecordInclusion,
} from '../../ledger/verify-browser.ts';
import type { RecordInclusion } from '../../ledger/verify-browser.ts';

type RecordLeaf = Extract<RecordInclusion['leaf'], { readonly type: string }>;

/**
 * One record to check, as `GET /api/v1/scan/proof` serves it: the record (v 2: its digests, with
 * the disclosures of its public members), or only its leaf hash when it is an old (v 1) record
 * holding values the public may not see.
 */
interface ProofLeaf {
  readonly index: number;
  readonly leaf: RecordInclusion['leaf'];
  readonly disclosures: readonly string[];
  readonly path: readonly string[];
  readonly label: string;
}

interface Proof {
  readonly checkpoint: string;
  readonly keys: readonly string[];
  readonly leaves: readonly ProofLeaf[];
}

type FailureKind = 'fetch' | 'signature' | 'mismatch' | 'unsupported';

/** Why the check failed, in words the section provides, plus the failing record's name. */
class Failure extends Error {
  constructor(readonly kind: FailureKind, readonly label?: string) {
    super(kind);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The answer is data from the network: check its shape before trusting any field of it.
function parseProof(body: unknown): Proof {
  if (!isObject(body) || typeof body.checkpoint !== 'string' || !Array.isArray(body.keys) || !Array.isArray(body.leaves)) throw new Failure('fetch');
  const keys = body.keys.filter((k): k is string => typeof k === 'string');
  const leaves = body.leaves.map((l: unknown): ProofLeaf => {
    if (!isObject(l) || typeof l.index !== 'number' || typeof l.type !== 'string' || !Array.isArray(l.path)) throw new Failure('fetch');
    const path = l.path.filter((p): p is string => typeof p === 'string');
    const label = typeof l.label === 'string' ? l.label : '';
    const disclosures = Array.isArray(l.disclosures) ? l.disclosures.filter((d): d is string => typeof d === 'string') : [];
    if (!isObject(l.record)) {
      const leafHash = typeof l.leafHash === 'string' ? decodeBase64(l.leafHash) : undefined;
      if (!leafHash) throw new Failure('fetch');
      return { index: l.index, leaf: { leafHash }, disclosures, path, label };
    }
    const v = l.v === 2 ? 2 : 1;
    // A JSON object is a ledger record: JSON.parse yields only JSON values.
    return { index: l.index, leaf: { type: l.type, record: l.record as RecordLeaf['record'], v }, disclosures, path, label };
  });
  return { checkpoint: body.checkpoint, keys, leaves };
}

async function fetchProof(url: string): Promise<Proof> {
  let body: unknown;
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
    if (!res.ok) throw new Failure('fetch');
    body = await res.json();
  } catch {
    throw new Failure('fetch');
  }
  return parseProof(body);
}

/** Checks every leaf; resolves to the checkpoint's size or throws a {@link Failure}. */
async function verifyProof(proof: Proof): Promise<number> {
  if (proof.leaves.length === 0) throw new Failure('mismatch');
  let size = 0;
  for (const leaf of proof.leaves) {
    const path: Uint8Array[] = [];
    for (const p of leaf.path) {
      const bytes = decodeBase64(p);
      if (!bytes) throw new Failure('mismatch', leaf.label);
      path.push(bytes);
    }
    try {
      const opened = await verifyRecordInclusion({
        signedCheckpoint: proof.checkpoint,
        verifierKeys: proof.keys,
        index: leaf.index,
        path,
        leaf: leaf.leaf,
        disclosures: leaf.disclosures,
      });
      size = opened.checkpoint.size;
    } catch (err) {
      if (err instanceof NoteError || err instanceof CheckpointError) {
        // An Ed25519 checkpoint cannot verify in a browser without Ed25519 in WebCrypto: say so
        // rather than call a good ledger bad.
        throw new Failure((await isWebCryptoEd25519Supported()) ? 'signature' : 'unsupported', leaf.label);
      }
      throw new Failure('mismatch', leaf.label);
    }
  }
  return size;
}

async function checkLedger(section: HTMLElement): Promise<void> {
  const status = section.querySelector('#ledger-status');
  const d = section.dataset;
  if (!status || !d.proofUrl) return;
  try {
    const size = await verifyProof(await fetchProof(d.proofUrl));
    status.textContent = (d.ok ?? '').replace('{size}', String(size));
    status.className = 'ok';
  } catch (err) {
    const f = err instanceof Failure ? err : new Failure('mismatch');
    const reason = section.getAttribute(`data-reason-${f.kind}`) ?? f.kind;
    status.textContent = (d.fail ?? '').replace('{reason}', reason);
    status.className = 'bad';
    if (f.label) {
      const which = document.createElement('p');
      which.className = 'note';
      which.textContent = (d.failedRecord ?? '').replace('{label}', section.getAttribute(`data-label-${f.label}`) ?? f.label);
      status.after(which);
    }
  }
}

function offerLocation(box: HTMLElement): void {
  const button = box.querySelector('button');
  const note = box.querySelector('[role=status]');
  const url = box.dataset.url;
  if (!button || !note || !url || !('geolocation' in navigator)) return;
  box.hidden = false;
  const say = (key: 'ok' | 'fail') => {
    note.textContent = box.dataset[key] ?? '';
  };
  // About 10 km: enough to tell cities apart (what clone detection needs), not to find a home.
  const round = (v: number) => Math.round(v * 10) / 10;
  button.addEventListener('click', () => {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const body = JSON.stringify({ latitude: round(pos.coords.latitude), longitude: round(pos.coords.longitude) });
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, credentials: 'omit' })
          .then((res) => {
            say(res.ok ? 'ok' : 'fail');
            if (res.ok) button.hidden = true;
            else button.disabled = false;
          })
          .catch(() => {
            say('fail');
            button.disabled = false;
          });
      },
      () => {
        say('fail');
        button.disabled = false;
      },
      { enableHighAccuracy: false, maximumAge: 600_000, timeout: 20_000 },
    );
  });
}

const ledger = document.getElementById('ledger');
if (ledger) void checkLedger(ledger);
const locationBox = document.getElementById('location');
if (locationBox) offerLocation(locationBox);
