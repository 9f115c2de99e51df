/** Who is asking: a signed-in user, an organisation's API key, or the anonymous public. */
import type { ActorRole } from './permissions.ts';

export interface Actor {
  readonly role: ActorRole;
  /** The user, for people; undefined for API keys and the public. */
  readonly userId?: string;
  readonly username?: string;
  /** The API key, when the request authenticated with one. */
  readonly apiKeyId?: string;
  /** Organisation of org_admin / org_operator / association / API key. */
  readonly orgId?: string;
  /** GB/T 2260 prefixes a regulator's scope covers. */
  readonly regions: readonly string[];
}

export const PUBLIC_ACTOR: Actor = Object.freeze({ role: 'public', regions: [] });
