export { ROLES, ANONYMOUS, hasRole, inJurisdiction, isRole, type Role, type Caller, type AuthContext } from './caller';
export {
  createTokenVerifier,
  callerFromClaims,
  signDevToken,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  type TokenConfig,
  type TokenVerifier,
  type DevTokenInput,
} from './token';
export { authChecker } from './auth-checker';
export { DEV_JWT_SECRET } from './dev-token-cli';
export { visibilityCondition, type VisibilityRule } from './visibility';
