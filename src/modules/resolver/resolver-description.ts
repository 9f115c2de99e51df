/**
 * The resolver description file served at `/.well-known/gs1resolver` (GS1-Conformant Resolver 1.2 §3:
 * SHALL be provided there and validate against GS1's description-file schema, 1.2.0). Pure.
 */
import { GS1_AI_TABLE } from '../../shared/codes/gs1/ai-table.generated.ts';
import { GS1_VOC_NAMESPACE } from '../links/link-types.ts';
import { GS1_LINKSET_CONTEXT } from './linkset.ts';

/** Where the description file is served (RFC 8615 well-known URI, Resolver 1.2 §3). */
export const RESOLVER_DESCRIPTION_PATH = '/.well-known/gs1resolver';

/**
 * Every AI that can be a GS1 Digital Link primary key: those the GS1 Barcode Syntax Dictionary flags
 * `dlpkey` (00, 01, 253, 255, 401, 402, 414, 415, 417, 8003, 8004, 8006, 8010, 8013, 8017, 8018). The
 * resolver answers every one of them (the scan page names unregistered codes), so it declares them all
 * (Resolver 1.2 §2.5.9: supported primary keys SHALL be declared).
 */
export const DIGITAL_LINK_PRIMARY_KEYS: readonly string[] = Object.freeze(GS1_AI_TABLE.filter((e) => e.dlpkey !== undefined).map((e) => e.ai));

export interface ResolverDescriptionInput {
  /** The platform's public base URL (YIMA_PUBLIC_URL): the root the Digital Links are resolved under. */
  readonly publicUrl: string;
  /** The resolver's name, e.g. `Yima 一码`. */
  readonly name: string;
  /** The operator (vCard `fn`, and a `tel:` URI), when known. */
  readonly contact?: { readonly fn: string; readonly hasTelephone?: string } | undefined;
}

/** The description file's members that we publish (all the schema defines but context values and extension profiles, which we do not support). */
export interface ResolverDescription {
  readonly name: string;
  readonly resolverRoot: string;
  readonly supportedPrimaryKeys: readonly string[];
  readonly supportedLinkType: readonly { readonly namespace: string; readonly prefix: string }[];
  readonly linkTypeDefaultCanBeLinkset: boolean;
  readonly jsonLdContextLocation: string;
  readonly contact?: { readonly fn: string; readonly hasTelephone?: string };
}

/**
 * The `/.well-known/gs1resolver` document.
 *
 * - `resolverRoot`: the public URL without a trailing slash;
 * - `supportedPrimaryKeys`: {@link DIGITAL_LINK_PRIMARY_KEYS};
 * - `supportedLinkType`: the GS1 Web Vocabulary with prefix `gs1:` (§2.14; the only namespace we
 *   recognise);
 * - `linkTypeDefaultCanBeLinkset: false`: a plain request gets the scan page (or JSON), never the linkset
 *   by default (§2.11 SHOULD declare it);
 * - `jsonLdContextLocation`: GS1's linkset context, which the linkset responses' `Link` header names (§2.10).
 *
 * @example
 * resolverDescription({ publicUrl: 'https://yima.example/', name: 'Yima 一码' });
 * // → { name: 'Yima 一码', resolverRoot: 'https://yima.example', supportedPrimaryKeys: ['00', '01', '253', …],
 * //     supportedLinkType: [{ namespace: 'https://ref.gs1.org/voc/', prefix: 'gs1:' }], linkTypeDefaultCanBeLinkset: false,
 * //     jsonLdContextLocation: 'https://ref.gs1.org/standards/resolver/linkset-context' }
 */
export function resolverDescription({ publicUrl, name, contact }: ResolverDescriptionInput): ResolverDescription {
  const root = new URL(publicUrl);
  if (root.protocol !== 'https:' && root.protocol !== 'http:') throw new Error(`the public URL is not http(s): ${publicUrl}`);
  return {
    name,
    resolverRoot: root.href.replace(/\/+$/, ''),
    supportedPrimaryKeys: DIGITAL_LINK_PRIMARY_KEYS,
    supportedLinkType: [{ namespace: GS1_VOC_NAMESPACE, prefix: 'gs1:' }],
    linkTypeDefaultCanBeLinkset: false,
    jsonLdContextLocation: GS1_LINKSET_CONTEXT,
    ...(contact && { contact: { fn: contact.fn, ...(contact.hasTelephone !== undefined && { hasTelephone: contact.hasTelephone }) } }),
  };
}
