import { type Static, Type } from 'typebox';
import { named } from '../../server/contract.ts';

export const LoginBody = named('LoginBody', Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
));
export type LoginBody = Static<typeof LoginBody>;

export const User = named('User', Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('regulator'), Type.Literal('association'), Type.Literal('org_admin'), Type.Literal('org_operator')]),
  orgId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  regions: Type.Array(Type.String()),
  locked: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
}));
export type User = Static<typeof User>;

export const LoginResponse = named('LoginResponse', Type.Object({
  token: Type.String({ description: 'Send as `Authorization: Bearer <token>`; browsers also get it as an HTTP-only cookie.' }),
  expiresAt: Type.String({ format: 'date-time' }),
  passwordChangeRequired: Type.Boolean(),
  user: User,
}));

export const Me = named('Me', Type.Object({
  role: Type.String(),
  userId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  apiKeyId: Type.Optional(Type.String()),
  orgId: Type.Optional(Type.String()),
  // The actor's own (readonly) list is sent as it is.
  regions: Type.Immutable(Type.Array(Type.String())),
}));

export const ChangePasswordBody = named('ChangePasswordBody', Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
));
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const CreateUserBody = named('CreateUserBody', Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    role: User.properties.role,
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    regions: Type.Optional(Type.Array(Type.String(), { maxItems: 100, description: 'GB/T 2260 prefixes for a regulator: 33 = Zhejiang, 3301 = Hangzhou' })),
  },
  { additionalProperties: false },
));
export type CreateUserBody = Static<typeof CreateUserBody>;

export const ApiKey = named('ApiKey', Type.Object({
  id: Type.String({ format: 'uuid' }),
  orgId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
}));
export const NewApiKey = named('NewApiKey', Type.Object({ ...ApiKey.properties, key: Type.String({ description: 'Shown only in this answer; stored hashed.' }) }));
export const CreateApiKeyBody = named('CreateApiKeyBody', Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }));
export const OrgIdParams = Type.Object({ orgId: Type.String({ format: 'uuid' }) });
export const ApiKeyParams = Type.Object({ orgId: Type.String({ format: 'uuid' }), keyId: Type.String({ format: 'uuid' }) });
export const ListUsersQuery = Type.Object({ orgId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false });
