import type { AuthChecker } from 'type-graphql';

import { CodedError } from '@petition/subgraph';

import type { AuthContext, Role } from './caller';

// @Authorized() → any signed-in caller; @Authorized('CLERK', ...) → one of those roles.
// Refusals throw coded errors so clients can tell "log in" from "not allowed".
export const authChecker: AuthChecker<AuthContext, Role> = ({ context }, roles) => {
  const { caller } = context;
  if (caller.anonymous) throw new CodedError('UNAUTHENTICATED');
  if (roles.length === 0 || caller.roles.some((role) => roles.includes(role))) return true;
  throw new CodedError('FORBIDDEN', `需要角色 ${roles.join(' / ')}`);
};
