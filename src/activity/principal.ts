import type { Principal } from '../model/event.js';
import { isObj, str } from './values.js';

const ASSUMED_ROLE = ':assumed-role/';

/**
 * `userIdentity` → `Principal`. Credentials (accessKeyId, session tokens) are never copied: only the
 * fields below are read. Some fixtures spell keys in lower case (`accountid`, `sessioncontext`).
 */
export function principalOf(identity: unknown): Principal {
  if (!isObj(identity)) return { type: 'Unknown' };
  const principal: Principal = { type: str(identity['type']) ?? 'Unknown' };
  const arn = str(identity['arn']);
  if (arn !== undefined) principal.arn = arn;
  const accountId = str(identity['accountId']) ?? str(identity['accountid']);
  if (accountId !== undefined) principal.accountId = accountId;
  const invokedBy = str(identity['invokedBy']);
  if (invokedBy !== undefined) principal.invokedBy = invokedBy;
  if (principal.type === 'AssumedRole') addRole(principal, identity, arn);
  return principal;
}

/**
 * roleArn/roleName/sessionName of an AssumedRole session. sessionIssuer.arn is preferred because it
 * carries the role's path (`role/service-role/x`); the STS ARN
 * `arn:<partition>:sts::<acct>:assumed-role/<RoleName>/<session>` does not, so a role ARN derived from
 * it has no path.
 */
function addRole(principal: Principal, identity: Record<string, unknown>, arn: string | undefined): void {
  const context = identity['sessionContext'] ?? identity['sessioncontext'];
  const issuer = isObj(context) ? context['sessionIssuer'] : undefined;
  if (isObj(issuer)) {
    const issuerArn = str(issuer['arn']);
    if (issuerArn !== undefined && issuerArn.includes(':role/')) {
      principal.roleArn = issuerArn;
      principal.roleName = str(issuer['userName']) ?? issuerArn.slice(issuerArn.lastIndexOf('/') + 1);
    }
  }
  const at = arn === undefined ? -1 : arn.indexOf(ASSUMED_ROLE);
  if (arn !== undefined && at >= 0) {
    const rest = arn.slice(at + ASSUMED_ROLE.length);
    const slash = rest.indexOf('/');
    const roleName = slash >= 0 ? rest.slice(0, slash) : rest;
    if (slash >= 0 && slash < rest.length - 1) principal.sessionName = rest.slice(slash + 1);
    if (principal.roleArn === undefined && roleName !== '') {
      const parts = arn.split(':', 5);
      const partition = parts[1] || 'aws';
      const account = parts[4] || principal.accountId || '';
      principal.roleArn = `arn:${partition}:iam::${account}:role/${roleName}`;
      principal.roleName = roleName;
    }
  }
  if (principal.sessionName === undefined) {
    // principalId of a role session is `<RoleId>:<sessionName>`.
    const principalId = str(identity['principalId']) ?? str(identity['principalid']);
    const colon = principalId === undefined ? -1 : principalId.indexOf(':');
    if (principalId !== undefined && colon >= 0 && colon < principalId.length - 1) {
      principal.sessionName = principalId.slice(colon + 1);
    }
  }
}
