/**
 * The shape of one GS1 Application Identifier as the GS1 Barcode Syntax Dictionary describes it
 * (see `data/gs1-syntax-dictionary.txt`, header "Syntax: AIs [Flags] Specification [Attributes...] [# Title]").
 * `ai-table.generated.ts` holds one entry per AI, ranges such as `3100-3105` expanded.
 */

/**
 * Character set of a component: `N` digits, `X` CSET 82, `Y` CSET 39, `Z` CSET 64 (base64url).
 */
export type Gs1Cset = 'N' | 'X' | 'Y' | 'Z';

/** One component of an AI's data field, e.g. `N14,csum,gcppos2` or `[X..17]`. */
export interface Gs1AiComponent {
  readonly cset: Gs1Cset;
  /** Minimum length when present: equal to `max` for `N6`, 1 for `N..8`. */
  readonly min: number;
  readonly max: number;
  /** `[...]` in the dictionary: may be left out once the data is exhausted. */
  readonly optional: boolean;
  /** Names of the reference linters applied to this component, in order. */
  readonly linters: readonly string[];
}

/**
 * An AI pattern from `req=`/`ex=`: digits, where `n` stands for any digit (`310n`, `31nn`).
 * A group such as `01+21` is all of its patterns; a `req` is satisfied by any one group.
 */
export type Gs1AiPattern = string;

export interface Gs1AiEntry {
  readonly ai: string;
  /** The dictionary's title, e.g. `GTIN`, `BATCH/LOT`. */
  readonly title: string;
  /** Flag `*`: pre-defined length, never followed by an FNC1 separator. */
  readonly fixed: boolean;
  /** Flag `?`: permitted as a GS1 Digital Link data attribute (query parameter). */
  readonly dlAttr: boolean;
  /** The specification text as written in the dictionary. */
  readonly spec: string;
  readonly components: readonly Gs1AiComponent[];
  /** Each `req=` attribute: a list of alternative groups, each group a list of patterns. All `req=` must hold. */
  readonly req: readonly (readonly (readonly Gs1AiPattern[])[])[];
  /** All `ex=` patterns: none may match another AI in the same data. */
  readonly ex: readonly Gs1AiPattern[];
  /**
   * `dlpkey`: this AI is a Digital Link primary key. Each alternative is an ordered list of optional
   * qualifier AIs (`dlpkey=22,10,21|235` → `[['22','10','21'],['235']]`; bare `dlpkey` → `[[]]`).
   */
  readonly dlpkey?: readonly (readonly string[])[];
}
