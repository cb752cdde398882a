/**
 * The text of one CDK suggestion: a comment header (the construct, the source location, the evidence,
 * what to remove and what the construct keeps adding), then a TypeScript function to paste or import.
 */
import type { Statement } from '../model/policy.js';
import type { CdkStack } from './cdk-assembly.js';
import { ConstructReferences, policyStatement, quote, variableName } from './cdk-code.js';
import type { ConstructSite, SourceLine } from './cdk-source.js';
import type { Resolution, RoleTarget } from './model.js';
import { evidenceLines } from './patch.js';

export interface SuggestionParts {
  role: RoleTarget;
  resolution: Resolution;
  stack: CdkStack;
  /** The role's construct path. */
  rolePath: string;
  /** The construct the grants are added to: the function (its ServiceRole) or an own iam.Role. */
  owner: { path: string; id: string; kind: 'function' | 'role' };
  sites: ConstructSite[];
  calls: SourceLine[];
  policies: { logicalId: string; path: string; statements: number }[];
  keep: string[];
  remove: string[];
  statements: Statement[];
}

function header(parts: SuggestionParts, refs: ConstructReferences, ownerVariable: string): string[] {
  const { resolution, owner } = parts;
  const lines = [
    `pare patch: CDK suggestion for role ${parts.role.name}`,
    '',
    `construct: ${parts.rolePath}`,
    `  ${resolution.logicalId} in ${resolution.path} (by ${resolution.by})`,
  ];
  if (parts.sites.length === 0) lines.push(`source: no \`new …(this, ${quote(owner.id)}\` found under --iac`);
  for (const site of parts.sites) lines.push(`source: ${site.path}:${site.line}: ${site.text}`);
  lines.push(
    'CDK source is code: pare does not edit it. Review this, then change the source by hand.',
    '',
    ...evidenceLines(parts.role),
    '',
  );
  const policies = parts.policies.map((p) => `${p.path} (${p.logicalId}, ${p.statements} statement(s))`);
  lines.push(
    `remove the grants that produced the current statements${policies.length ? ` of ${policies.join(', ')}` : ''}:`,
  );
  if (parts.calls.length === 0)
    lines.push('- (no grant calls found in the source: look for the grants to this construct)');
  for (const call of parts.calls) lines.push(`- ${call.path}:${call.line}: ${call.text}`);
  for (const item of parts.remove) lines.push(`- ${item}`);
  if (parts.keep.length > 0) lines.push('keep:', ...parts.keep.map((k) => `- ${k}`));
  lines.push('', 'then add the statements below (paste the body, or import the function and call it):');
  const kind = owner.kind === 'function' ? 'the function' : 'the role';
  lines.push(`  ${ownerVariable}: ${kind} with construct id ${quote(owner.id)} (${owner.path})`);
  const variable = parts.sites.find((s) => s.variable !== undefined)?.variable;
  if (variable !== undefined && variable !== ownerVariable) lines.push(`    \`${variable}\` in the source`);
  for (const p of refs.used.values())
    lines.push(`  ${p.variable}: the construct with id ${quote(p.constructId)} (${p.constructPath})`);
  return lines.map((l) => (l === '' ? '//' : `// ${l}`));
}

export function renderSuggestion(parts: SuggestionParts): string {
  const ownerVariable = variableName(parts.owner.id);
  const refs = new ConstructReferences(
    parts.stack.resources,
    parts.stack.stackName,
    new Set([ownerVariable]),
  );
  const add = parts.owner.kind === 'function' ? 'addToRolePolicy' : 'addToPrincipalPolicy';
  const body = parts.statements.map(
    (s) => `  ${ownerVariable}.${add}(\n    ${policyStatement(s, refs, '  ')},\n  );`,
  );
  const ownerType = parts.owner.kind === 'function' ? 'lambda.IFunction' : 'iam.IRole';
  const parameters = [
    `${ownerVariable}: ${ownerType}`,
    ...[...refs.used.values()].map((p) => `${p.variable}: ${p.type}`),
  ];
  const modules = new Set([...refs.used.values()].map((p) => p.module));
  if (parts.owner.kind === 'function') modules.add('lambda');
  modules.delete('iam');
  const imports = [
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    ...[...modules].sort().map((m) => `import type * as ${m} from 'aws-cdk-lib/aws-${m}';`),
  ];
  const name = `grant${parts.owner.id.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toUpperCase())}`;
  const signature = `export function ${name}(${parameters.join(', ')}): void {`;
  const wrapped =
    signature.length <= 110
      ? signature
      : `export function ${name}(\n${parameters.map((p) => `  ${p},`).join('\n')}\n): void {`;
  return [
    ...header(parts, refs, ownerVariable),
    '',
    ...imports,
    '',
    `/** The generated policy of ${parts.role.name}, in the construct's own terms. */`,
    wrapped,
    ...body,
    '}',
    '',
  ].join('\n');
}
