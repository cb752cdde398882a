/**
 * Terraform (`.tf`, HCL native syntax). A deployed role is the `aws_iam_role` whose `name` (a literal
 * or a known variable) equals it, or whose `name_prefix` plus Terraform's 26-digit suffix does. The
 * generated statements go back into the role's own documents by service (inline policies first,
 * then a customer-managed policy only this role uses), the rest into its first inline policy or a new
 * `aws_iam_role_policy` next to the role. Attachments of AWS managed policies are removed, except
 * AWSLambdaBasicExecutionRole while the role still logs: as with SAM's implicit roles, Lambda's own
 * logging stays with it, and the generated logging statements are left out.
 */
import type { Expression } from './hcl/ast.js';
import { hclValue, attributeLines } from './hcl/write.js';
import type { IacPatcher, PatcherResult, Resolution, RoleOverride, RoleTarget } from './model.js';
import { isLambdaLogging } from './statements.js';
import { readDocument, type TfDocument, type TfStatement } from './terraform-documents.js';
import { documentValue, rewriteDocument } from './terraform-rewrite.js';
import { applyEdits, removeLines, type TextEdit } from './terraform-edits.js';
import { mentions, roleGrants, type ManagedGrant } from './terraform-grants.js';
import { attribute, attributeString, readModule, type TfBlock, type TfModule } from './terraform-module.js';
import { namedResources, serviceOf, toTfStatement } from './terraform-references.js';

const AWS_MANAGED = /iam::aws:policy\//;
const LOGGING_MANAGED = /iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole$/;
/** `name_prefix` roles are named prefix + a 26-digit timestamp-and-counter suffix. */
const UNIQUE_SUFFIX = /^\d{26}$/;

function resolve(
  module: TfModule,
  path: string,
  roleBlocks: readonly TfBlock[],
  role: RoleTarget,
  overrides: readonly RoleOverride[],
): { resolution: Resolution; block: TfBlock } | undefined {
  const at = (block: TfBlock, by: Resolution['by']) => ({
    resolution: { role: role.name, path, logicalId: block.address, by },
    block,
  });
  const override = overrides.find((o) => o.role === role.name && o.path === path);
  if (override) {
    const block = roleBlocks.find((b) => b.address === override.logicalId);
    return block ? at(block, 'override') : undefined;
  }
  for (const block of roleBlocks) {
    if (attributeString(module, block.block, 'name') === role.name) return at(block, 'role-name');
    const prefix = attributeString(module, block.block, 'name_prefix');
    if (
      prefix !== undefined &&
      role.name.startsWith(prefix) &&
      UNIQUE_SUFFIX.test(role.name.slice(prefix.length))
    )
      return at(block, 'name-prefix');
  }
  return undefined;
}

interface Target {
  label: string;
  document: TfDocument;
  /** The edits that take the grant out when it ends up empty. */
  remove: TextEdit[];
  statements: TfStatement[];
  /** The managed grant the document is attached by, when it is a customer-managed policy. */
  grant?: ManagedGrant;
}

function patchRole(
  module: TfModule,
  path: string,
  block: TfBlock,
  role: RoleTarget,
  edits: TextEdit[],
  lines: string[],
): void {
  const source = module.sources.get(path) ?? '';
  const grants = roleGrants(module, block, role.name);
  const text = (g: ManagedGrant): string => g.arn ?? source.slice(g.expression.start, g.expression.end);
  const elsewhere = (label: string, p: string): void =>
    void lines.push(`${label} (${p}): not patched, pare edits only the file that defines the role`);
  const targets: Target[] = [];
  /** A document this patch rewrites; one it cannot (not supported, shared, elsewhere) is left and said so. */
  const addTarget = (
    label: string,
    expression: Expression | undefined,
    remove: TextEdit[],
    grant?: ManagedGrant,
  ): void => {
    const read = expression
      ? readDocument(module, expression, path)
      : { ok: false as const, reason: 'no policy' };
    const data = read.ok ? read.document.data : undefined;
    if (!read.ok) lines.push(`${label}: left as is, ${read.reason}`);
    else if (read.document.path !== path)
      elsewhere(`${label} via ${data?.address ?? ''}`, read.document.path);
    else if (data && mentions(module, `${data.address}.json`) > 1)
      lines.push(`${label}: left as is, ${data.address} is used by several policies`);
    else
      targets.push({ label, document: read.document, remove, statements: [], ...(grant ? { grant } : {}) });
  };
  for (const grant of grants.inline) {
    if (grant.path !== path) {
      elsewhere(grant.label, grant.path);
      continue;
    }
    addTarget(grant.label, grant.policy.expression, [removeLines(source, grant.block)]);
  }
  const needsLogs = role.policy.Statement.some(isLambdaLogging);
  const keptLogging = needsLogs && grants.managed.some((g) => LOGGING_MANAGED.test(text(g)));
  const kept: ManagedGrant[] = [];
  for (const grant of grants.managed) {
    const policy = grant.policy;
    const sole = policy !== undefined && mentions(module, policy.address) === 1;
    if (keptLogging && LOGGING_MANAGED.test(text(grant))) {
      kept.push(grant);
      lines.push(
        `${grant.attachment?.address ?? 'managed_policy_arns'}: AWSLambdaBasicExecutionRole kept (Lambda's own logging)`,
      );
    } else if (policy && !sole) {
      kept.push(grant);
      lines.push(`${policy.address}: left as is (used elsewhere in the module too)`);
    } else if (policy && (policy.path !== path || (grant.attachment && grant.attachment.path !== path))) {
      kept.push(grant);
      elsewhere(policy.address, policy.path);
    } else if (policy) {
      kept.push(grant);
      addTarget(
        `${policy.address} (attached to this role only)`,
        attribute(policy.block, 'policy')?.expression,
        [
          removeLines(source, policy.block),
          ...(grant.attachment ? [removeLines(source, grant.attachment.block)] : []),
        ],
        grant,
      );
    } else if (grant.attachment && grant.attachment.path !== path) {
      kept.push(grant);
      elsewhere(grant.attachment.address, grant.attachment.path);
    } else if (grant.attachment && mentions(module, grant.attachment.address) > 0) {
      kept.push(grant);
      lines.push(`${grant.attachment.address}: kept (referenced elsewhere in the module)`);
    } else {
      if (grant.attachment) edits.push(removeLines(source, grant.attachment.block));
      const kind = AWS_MANAGED.test(text(grant)) ? 'AWS managed' : 'managed';
      lines.push(
        `${grant.attachment?.address ?? 'managed_policy_arns'}: ${kind} ${text(grant)} removed, the generated statements cover what it was used for`,
      );
    }
  }
  const named = namedResources(module);
  const statements = role.policy.Statement.filter((s) => !(keptLogging && isLambdaLogging(s)));
  const overflow: TfStatement[] = [];
  for (const s of statements) {
    const service = serviceOf(s);
    const target =
      targets.find((t) => t.document.services.has(service)) ??
      targets.find((t) => t.document.services.has('*'));
    (target?.statements ?? targets[0]?.statements ?? overflow).push(toTfStatement(s, named, module));
  }
  for (const t of targets) {
    const denies = t.document.denies.length;
    if (t.statements.length > 0 || denies > 0) {
      edits.push(...rewriteDocument(t.document, source, t.statements, role.policy.Version));
      lines.push(
        `${t.label}: policy replaced by ${t.statements.length} generated statement(s) (${t.document.style})` +
          (denies > 0 ? `, its ${denies} Deny statement(s) kept` : ''),
      );
      continue;
    }
    edits.push(...t.remove);
    const data = t.document.data;
    if (data && mentions(module, `${data.address}.json`) === 1) edits.push(removeLines(source, data.block));
    lines.push(`${t.label}: removed, the role's other policies hold every generated statement`);
    // A removed policy leaves managed_policy_arns too.
    if (t.grant) kept.splice(kept.indexOf(t.grant), 1);
  }
  if (grants.managedPolicyArns?.expression.kind === 'tuple') {
    const items = grants.managedPolicyArns.expression.items;
    const keep = items.filter((i) => kept.some((k) => k.expression === i));
    if (keep.length !== items.length) {
      const value = keep.map((i) => ({ reference: source.slice(i.start, i.end) }));
      const e = grants.managedPolicyArns.expression;
      edits.push({ start: e.start, end: e.end, text: hclValue(value) });
    }
  }
  if (overflow.length > 0) edits.push(newPolicy(source, block, role.policy.Version, overflow, lines));
}

function newPolicy(
  source: string,
  role: TfBlock,
  version: string,
  statements: TfStatement[],
  lines: string[],
): TextEdit {
  const name = `${role.name}_least_privilege`;
  const body = attributeLines(
    [
      ['name', 'least-privilege'],
      ['role', { reference: `${role.address}.id` }],
      ['policy', { reference: `jsonencode(${hclValue(documentValue(statements, version), '  ')})` }],
    ],
    '  ',
  );
  const newline = source.indexOf('\n', role.block.end);
  const at = newline < 0 ? source.length : newline + 1;
  lines.push(
    `aws_iam_role_policy.${name}: added next to ${role.address} with ${statements.length} generated statement(s)`,
  );
  return { start: at, end: at, text: `\nresource "aws_iam_role_policy" "${name}" {\n${body}}\n` };
}

export const terraformPatcher: IacPatcher = {
  kind: 'terraform',
  accepts: (file) => file.path.endsWith('.tf'),
  patch(file, roles, overrides, context): PatcherResult {
    const module = readModule(file, context?.files ?? []);
    const comments = module.comments.get(file.path);
    if (!comments) return { resolutions: [] };
    const roleBlocks = module.resources.filter((r) => r.type === 'aws_iam_role' && r.path === file.path);
    const resolutions: Resolution[] = [];
    const edits: TextEdit[] = [];
    const lines: string[] = module.broken.map((b) => `${b}: does not parse, its blocks were not read`);
    for (const role of roles) {
      const found = resolve(module, file.path, roleBlocks, role, overrides);
      if (!found) continue;
      resolutions.push(found.resolution);
      patchRole(module, file.path, found.block, role, edits, lines);
    }
    const after = applyEdits(file.text, edits, comments);
    if (after === file.text) return { resolutions };
    return {
      change: { path: file.path, kind: 'terraform', before: file.text, after, resolutions, edits: lines },
      resolutions,
    };
  },
};
