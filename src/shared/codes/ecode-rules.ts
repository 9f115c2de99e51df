/**
 * Per-version rules of Ecode (物联网标识 物品编码 Ecode, GB/T 31866-2023, replacing GB/T 31866-2015):
 * a code is V (version) + NSI (编码体系标识) + MD (主码).
 *
 * NOT VERIFIED. The structure V + NSI + MD and "V0 is reserved for GS1 compatibility" are sourced
 * (reference/policy.md §2.2); the lengths and character sets below are a recollection of the 2015
 * table that no source confirmed. They are data, not code: pass your own table to `parseEcode`
 * (and to `parseCode`) once the standard text is at hand, and change the defaults here only with
 * the standard's clause cited.
 */

export type EcodeCharset = 'numeric' | 'alphanumeric' | 'printable';

export interface EcodeVersionRule {
  /** The version digit V that starts the code. */
  readonly version: string;
  readonly label: string;
  /** NSI length in digits (0: no NSI). */
  readonly nsiLength: number;
  /** Master-data (MD) length range. */
  readonly mdMinLength: number;
  readonly mdMaxLength: number;
  /** Whole code length limit, when one is given. */
  readonly maxLength?: number;
  readonly mdCharset: EcodeCharset;
  /** V0: the code is a GS1 code (GB/T 35419 draft: Ecode-V0 in a 1D barcode is plain GS1-128). */
  readonly gs1Compatible?: boolean;
  /**
   * Whether `detect` may recognise this version from bare text. Versions whose text form is too
   * loose to tell apart from other codes are parsed only when the caller says it is an Ecode.
   */
  readonly detectable: boolean;
  /** Always false in the default table: see the module comment. */
  readonly verified: boolean;
  readonly note: string;
}

/** The default, unverified rules (policy.md §2.2 "Recollected 2015 table"). */
export const ECODE_RULES_UNVERIFIED: readonly EcodeVersionRule[] = [
  {
    version: '0',
    label: 'Ecode-V0',
    nsiLength: 0,
    mdMinLength: 8,
    mdMaxLength: 90,
    mdCharset: 'printable',
    gs1Compatible: true,
    detectable: false,
    verified: false,
    note: 'GS1-compatible: the MD is a GS1 key or element string and is validated as GS1; the text form "0" + MD is an assumption',
  },
  { version: '1', label: 'Ecode-V1', nsiLength: 4, mdMinLength: 1, mdMaxLength: 20, maxLength: 25, mdCharset: 'numeric', detectable: true, verified: false, note: 'recollected: NSI 4 digits, MD ≤ 20 digits, total ≤ 25' },
  { version: '2', label: 'Ecode-V2', nsiLength: 8, mdMinLength: 1, mdMaxLength: 28, mdCharset: 'numeric', detectable: true, verified: false, note: 'recollected: NSI 8 digits, MD ≤ 28; digits assumed' },
  { version: '3', label: 'Ecode-V3', nsiLength: 4, mdMinLength: 1, mdMaxLength: 39, mdCharset: 'alphanumeric', detectable: true, verified: false, note: 'recollected: NSI 4 digits, MD ≤ 39 alphanumeric' },
  { version: '4', label: 'Ecode-V4', nsiLength: 5, mdMinLength: 1, mdMaxLength: 100, mdCharset: 'printable', detectable: false, verified: false, note: 'recollected: NSI 5, MD variable and "Unicode-ish"; length cap of 100 is ours' },
];
