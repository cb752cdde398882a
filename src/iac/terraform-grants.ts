/**
 * What grants one `aws_iam_role` its permissions in a module: `aws_iam_role_policy` resources and
 * `inline_policy` blocks (inline), `aws_iam_role_policy_attachment` resources and the
 * `managed_policy_arns` attribute (managed), and for each customer-managed `aws_iam_policy` whether
 * another role (or anything else) uses it too.
 */
import type { Attribute, Block, Expression } from './hcl/ast.js';
import { stringValue } from './hcl/values.js';
import { addressOf, attribute, blocks, type TfBlock, type TfModule } from './terraform-module.js';

export interface InlineGrant {
  /** `aws_iam_role_policy.orders_data`, or `aws_iam_role.orders inline_policy "name"`. */
  label: string;
  path: string;
  /** The block to remove when the policy ends up empty. */
  block: Block;
  policy: Attribute;
  /** The aws_iam_role_policy resource, when it is one (not an inline_policy block). */
  resource?: TfBlock;
}

export interface ManagedGrant {
  /** The attachment resource, or undefined for an entry of managed_policy_arns. */
  attachment?: TfBlock;
  /** The ARN literal, or the aws_iam_policy the ARN refers to. */
  arn?: string;
  policy?: TfBlock;
  /** The expression naming the policy (policy_arn or the managed_policy_arns item). */
  expression: Expression;
}

export interface RoleGrantsInModule {
  inline: InlineGrant[];
  managed: ManagedGrant[];
  /** The role's managed_policy_arns attribute, when it has one. */
  managedPolicyArns?: Attribute;
}

/** Whether `expression` names the role: `aws_iam_role.X.id|name|arn` or its literal name. */
function refersTo(
  module: TfModule,
  expression: Expression | undefined,
  address: string,
  roleName: string,
): boolean {
  if (!expression) return false;
  const ref = addressOf(expression);
  if (ref) return ref.address === address && ['id', 'name'].includes(ref.attr);
  return stringValue(expression, module.variables) === roleName;
}

function managed(module: TfModule, expression: Expression, attachment?: TfBlock): ManagedGrant {
  const ref = addressOf(expression);
  const policy =
    ref?.attr === 'arn'
      ? module.resources.find((r) => r.address === ref.address && r.type === 'aws_iam_policy')
      : undefined;
  const arn = stringValue(expression, module.variables);
  return {
    ...(attachment ? { attachment } : {}),
    ...(arn !== undefined ? { arn } : {}),
    ...(policy ? { policy } : {}),
    expression,
  };
}

export function roleGrants(module: TfModule, role: TfBlock, roleName: string): RoleGrantsInModule {
  const inline: InlineGrant[] = [];
  const grants: ManagedGrant[] = [];
  for (const r of module.resources) {
    const roleAttr = attribute(r.block, 'role')?.expression;
    if (!refersTo(module, roleAttr, role.address, roleName)) continue;
    const policy = attribute(r.block, 'policy');
    if (r.type === 'aws_iam_role_policy' && policy)
      inline.push({ label: r.address, path: r.path, block: r.block, policy, resource: r });
    const arn = attribute(r.block, 'policy_arn')?.expression;
    if (r.type === 'aws_iam_role_policy_attachment' && arn) grants.push(managed(module, arn, r));
  }
  for (const b of blocks(role.block, 'inline_policy')) {
    const policy = attribute(b, 'policy');
    const nameAttr = attribute(b, 'name');
    const name = (nameAttr ? stringValue(nameAttr.expression, module.variables) : undefined) ?? '';
    if (policy)
      inline.push({ label: `${role.address} inline_policy "${name}"`, path: role.path, block: b, policy });
  }
  const arns = attribute(role.block, 'managed_policy_arns');
  if (arns?.expression.kind === 'tuple')
    for (const item of arns.expression.items) grants.push(managed(module, item));
  return { inline, managed: grants, ...(arns ? { managedPolicyArns: arns } : {}) };
}

/** How often the module's text names `address` (`aws_iam_policy.messaging.`, `data.x.y.json`, …). */
export function mentions(module: TfModule, address: string): number {
  const pattern = new RegExp(`\\b${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
  let n = 0;
  for (const text of module.sources.values()) n += text.match(pattern)?.length ?? 0;
  return n;
}
