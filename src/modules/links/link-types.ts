/**
 * The link types producers may attach, as data: terms of the GS1 Web Vocabulary (version 1.16, the latest
 * in gs1/WebVoc, Apache-2.0; English titles are the vocabulary's `rdfs:label`s) chosen for industrial
 * products, each with a Chinese title (both in the i18n catalogs as `link_type.<name>`). The vocabulary's
 * food, pharmacy and venue terms (allergenInfo, epil, menuInfo, …) are left out; adding one is adding a
 * row and its two titles.
 *
 * GS1-Conformant Resolver 1.2 §2.14: the `gs1:` prefix stands for `https://ref.gs1.org/voc/`, and link
 * types from elsewhere SHALL NOT duplicate GS1's — so no `gs1:` name is accepted that the vocabulary
 * does not define. A few names circulate that it does not (the GS1 Resolver CE's description file lists
 * them): {@link NOT_IN_VOCABULARY} says which defined term to use instead.
 */

import { type MessageKey, bilingual } from '../../shared/i18n/i18n.ts';

/** The GS1 Web Vocabulary namespace the `gs1:` prefix stands for (Resolver 1.2 §2.14, vocabulary 1.16 `@context`). */
export const GS1_VOC_NAMESPACE = 'https://ref.gs1.org/voc/';

/** A GS1 link type as a CURIE, e.g. `gs1:pip`. */
export type LinkTypeCurie = `gs1:${string}`;

export interface LinkTypeInfo {
  readonly curie: LinkTypeCurie;
  readonly title: { readonly zh: string; readonly en: string };
}

// Titles are in the i18n catalogs (link_type.<name>).
const row = (name: string): LinkTypeInfo => Object.freeze({ curie: `gs1:${name}` as const, title: Object.freeze(bilingual(`link_type.${name}` as MessageKey)) });

/** Every link type a producer may attach, in the order a form lists them. */
export const LINK_TYPES: readonly LinkTypeInfo[] = Object.freeze([
  row('pip'),
  row('certificationInfo'),
  row('traceability'),
  row('epcis'),
  row('recallStatus'),
  row('safetyInfo'),
  row('instructions'),
  row('quickStartGuide'),
  row('serviceInfo'),
  row('support'),
  row('faqs'),
  row('registerProduct'),
  row('dpp'),
  row('sustainabilityInfo'),
  row('masterData'),
  row('verificationService'),
  row('registryEntry'),
  row('homepage'),
  // The vocabulary's label has two spaces ("Related  video"); one is meant.
  row('relatedVideo'),
  row('relatedImage'),
  row('tutorial'),
  row('whatsInTheBox'),
  row('purchaseSuppliesOrAccessories'),
  row('consumerHandlingStorageInfo'),
  row('jws'),
]);

/**
 * `gs1:` names that are not GS1 Web Vocabulary terms (up to 1.16), with the defined term that covers
 * them: asking for one of these is answered with that suggestion.
 */
export const NOT_IN_VOCABULARY: Readonly<Record<string, LinkTypeCurie>> = Object.freeze({
  'gs1:productPassport': 'gs1:dpp',
  'gs1:recyclingInfo': 'gs1:sustainabilityInfo',
  'gs1:handlingEndOfLife': 'gs1:sustainabilityInfo',
  'gs1:repairInfo': 'gs1:serviceInfo',
});

/** Link types the resolver itself writes into linksets (Resolver 1.2 §2.5.8); not for producers. */
export const RESOLVER_LINK_TYPES = Object.freeze({ defaultLink: 'gs1:defaultLink', defaultLinkMulti: 'gs1:defaultLinkMulti' } as const);

const BY_CURIE: ReadonlyMap<string, LinkTypeInfo> = new Map(LINK_TYPES.map((t) => [t.curie, t]));

// Namespaces GS1 link types are written in: the current one and the older gs1.org/voc/ that GS1
// Resolver CE still emits (the GS1 resolver test suite folds all three into `gs1:`).
const GS1_NAMESPACES = /^https?:\/\/(?:ref\.|www\.)?gs1\.org\/voc\/([A-Za-z][A-Za-z0-9]*)$/;

/**
 * A GS1 link type written as a CURIE or as an IRI in any GS1 vocabulary namespace, as its CURIE;
 * undefined for anything else. Does not check that the term exists (see {@link linkTypeInfo}).
 *
 * @example linkTypeCurie('gs1:pip') // → 'gs1:pip'
 * @example linkTypeCurie('https://ref.gs1.org/voc/pip') // → 'gs1:pip'
 * @example linkTypeCurie('https://gs1.org/voc/certificationInfo') // → 'gs1:certificationInfo'
 * @example linkTypeCurie('pip') // → undefined
 */
export function linkTypeCurie(value: string): LinkTypeCurie | undefined {
  const v = value.trim();
  const curie = /^gs1:([A-Za-z][A-Za-z0-9]*)$/.exec(v);
  if (curie) return `gs1:${curie[1] ?? ''}`;
  const iri = GS1_NAMESPACES.exec(v);
  return iri ? `gs1:${iri[1] ?? ''}` : undefined;
}

/**
 * The full IRI of a `gs1:` CURIE (the form linksets use as relation type, RFC 9264 §4.2.2).
 *
 * @example linkTypeIri('gs1:pip') // → 'https://ref.gs1.org/voc/pip'
 */
export function linkTypeIri(curie: LinkTypeCurie): string {
  return GS1_VOC_NAMESPACE + curie.slice('gs1:'.length);
}

/**
 * The accepted link type behind a CURIE or IRI, with its titles; undefined when producers may not use it.
 *
 * @example linkTypeInfo('https://ref.gs1.org/voc/safetyInfo')?.title.zh // → '安全信息'
 * @example linkTypeInfo('gs1:productPassport') // → undefined (see NOT_IN_VOCABULARY: use gs1:dpp)
 */
export function linkTypeInfo(value: string): LinkTypeInfo | undefined {
  const curie = linkTypeCurie(value);
  return curie === undefined ? undefined : BY_CURIE.get(curie);
}
