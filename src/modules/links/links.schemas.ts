import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';
import { LINK_TYPES } from './link-types.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** The most links one anchor (a GTIN, or a GTIN and lot) carries: linksets stay small enough to serve on every scan. */
export const MAX_LINKS_PER_ANCHOR = 50;

/**
 * A language tag as the GS1 linkset schema accepts it, `ll` or `ll-CC` (its pattern
 * `(^\w{2}$)|(^\w{2}-\w{2}$)`): narrower than BCP 47, so that every linkset we serve validates.
 */
export const HREFLANG_PATTERN = '^[A-Za-z]{2}(-[A-Za-z]{2})?$';

export const CreateLinkBody = named('CreateLinkBody', Type.Object(
  {
    gtin: Type.String({ minLength: 1, maxLength: 14, description: "GTIN-8/12/13/14 of one of your organisation's products; stored as 14 digits" }),
    lot: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'batch/lot (AI 10): the link applies to that lot only; without it, to every lot' })),
    linkType: Type.String({
      minLength: 1, maxLength: 200,
      description: `a GS1 Web Vocabulary link type, as a CURIE (gs1:pip) or an IRI (https://ref.gs1.org/voc/pip): ${LINK_TYPES.map((t) => t.curie).join(', ')}`,
    }),
    href: Type.String({ minLength: 1, maxLength: 2000, description: 'the target: an https URL (http only for localhost, 127.0.0.1 or [::1]), without user name or password' }),
    title: Type.String({ minLength: 1, maxLength: 200, description: 'a human-readable title, in the language of the target (GS1-Conformant Resolver 1.2 §2.5.3)' }),
    hreflang: Type.Optional(Type.Array(Type.String({ pattern: HREFLANG_PATTERN, description: 'e.g. zh, zh-CN, en' }), {
      maxItems: 10, description: 'languages of the target (BCP 47 ll or ll-CC); none: language-neutral',
    })),
    mediaType: Type.Optional(Type.String({ pattern: '^[\\w.+-]+/[\\w.+-]+$', maxLength: 100, description: 'media type of the target, e.g. text/html, application/pdf' })),
    isDefault: Type.Optional(Type.Boolean({ description: 'the default link of its link type for this GTIN (or lot): replaces the previous default' })),
  },
  { additionalProperties: false },
));
export type CreateLinkBody = Static<typeof CreateLinkBody>;

export const Link = named('Link', Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  gtin: Type.String({ description: 'GTIN-14' }),
  lot: Nullable(Type.String({ description: 'null: every lot of the GTIN' })),
  linkType: Type.String({ description: 'CURIE, e.g. gs1:pip' }),
  linkTypeIri: Type.String({ description: 'e.g. https://ref.gs1.org/voc/pip, the relation type in linksets' }),
  href: Type.String(),
  title: Type.String(),
  hreflang: Type.Array(Type.String()),
  mediaType: Nullable(Type.String()),
  isDefault: Type.Boolean(),
  createdAt: Type.String(),
}));
export type Link = Static<typeof Link>;

export const LinkList = named('LinkList', Type.Object({ items: Type.Array(Link) }));

export const ListLinksQuery = Type.Object(
  {
    gtin: Type.Optional(Type.String({ minLength: 1, maxLength: 14 })),
    lot: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'only the links of this lot (with gtin)' })),
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    linkType: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListLinksQuery = Static<typeof ListLinksQuery>;

export const LinkParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const LinkType = named('LinkType', Type.Object({
  curie: Type.String({ description: 'e.g. gs1:pip, what `linkType` of a new link takes' }),
  iri: Type.String({ description: 'e.g. https://ref.gs1.org/voc/pip' }),
  title: Type.Object({ zh: Type.String(), en: Type.String() }),
}));
export type LinkType = Static<typeof LinkType>;

export const LinkTypeList = named('LinkTypeList', Type.Object({ items: Type.Array(LinkType) }));

/**
 * A link as the resolver uses it: published on purpose, so it carries no owner or id. `hreflang` and
 * `mediaType` are the RFC 9264 target attributes `hreflang` and `type`.
 */
export interface ResolverLink {
  /** A CURIE (`gs1:pip`), an IRI, or an RFC 8288 registered relation type. */
  readonly linkType: string;
  readonly href: string;
  readonly title: string;
  readonly hreflang?: readonly string[];
  readonly mediaType?: string;
  /** The default link of its link type for its anchor. */
  readonly isDefault?: boolean;
}
