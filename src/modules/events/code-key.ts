/**
 * From what a user typed or scanned to the EPC key events are indexed by, and back to the URI
 * the platform writes into its own events.
 */
import { epcKey } from '../../epcis/epc-key.ts';
import { identifierProblemText } from '../../epcis/epcis-validate.ts';
import { isParseCodeError, parseCode } from '../../shared/codes/parse-code.ts';
import type { MessageRef } from '../../shared/i18n/i18n.ts';
import { codeToDigitalLink } from '../issuance/code-factory.ts';

/**
 * The EPC key of a code in any form (element string, Digital Link, EPC URN, Yima code, /id/ URL),
 * or what is wrong with it as an i18n message (a field error's `reason`).
 *
 * @example keyOfInput('https://id.gs1.org/01/06901234567892/21/A1', base) // { ok: true, key: '(01)06901234567892(21)A1' }
 */
export function keyOfInput(input: string, publicUrl: string): { ok: true; key: string } | { ok: false; error: MessageRef; position?: number } {
  const s = input.trim();
  if (/^(urn:|https?:\/\/)/i.test(s)) {
    // A Digital Link or EPC URN that does not parse (a wrong check digit…) is an error, not a key.
    const problem = identifierProblemText(s, 'instance') && identifierProblemText(s, 'class');
    if (problem) return { ok: false, error: problem };
    return { ok: true, key: epcKey(s) };
  }
  const p = parseCode(s, { digitalLinkBase: publicUrl });
  if (isParseCodeError(p)) return { ok: false, error: p.reason, ...(p.position !== undefined && { position: p.position }) };
  return { ok: true, key: p.canonical };
}

/** The URI the platform uses for a code in its own events: where the code resolves. */
export function eventUriOf(key: string, publicUrl: string): string {
  try {
    return codeToDigitalLink(key, publicUrl);
  } catch {
    return key;
  }
}

/** Keys a batch is known by in events: its class (GTIN + lot) and the platform's batch URN. */
export function batchClassKeys(batchId: string, lot: string, gtins: readonly string[]): string[] {
  return [...gtins.map((g) => `(01)${g}(10)${lot}`), `urn:yima:batch:${batchId}`];
}
