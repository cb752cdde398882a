/** The edits serverless.ts makes to a serverless.yml, one function each. */
import { isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { bucketPolicyEdit, publicBucketPolicies, websiteNote } from './bucket-policies.js';
import type { PatchContext, RoleTarget } from './model.js';
import type { TemplateResource } from './references.js';
import { PER_FUNCTION_PLUGIN } from './serverless-roles.js';
import type { ServerlessVariables } from './serverless-variables.js';
import { statementValues, type StatementOptions } from './statements.js';
import { fromPlain } from './values.js';
import { mapAt, pairOf, plainString, type YamlEditor } from './yaml-edit.js';

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

/** A role serverless-iam-roles-per-function made for one function: its statements are that function's. */
export function patchFunctionRole(
  editor: YamlEditor,
  fn: YAMLMap<Node, Node> | undefined,
  key: string,
  role: RoleTarget,
  options: StatementOptions,
  edits: string[],
): void {
  const existing = pairOf(fn, 'iamRoleStatements');
  if (!fn || !existing) return;
  const statements = statementValues(role.policy, options);
  editor.replaceValue(existing, statements);
  edits.push(`functions.${key}.iamRoleStatements: replaced (${statements.length} statement(s))`);
  if (pairOf(fn, 'iamRoleStatementsInherit'))
    edits.push(
      `functions.${key}: iamRoleStatementsInherit also gives this role the provider statements; set it to false to drop them`,
    );
}

/** Public bucket policies in `resources.Resources`: open statements out, or the resource; notes for websites. */
export function patchBucketPolicies(
  editor: YamlEditor,
  data: unknown,
  resourcesMap: YAMLMap<Node, Node> | undefined,
  index: readonly TemplateResource[],
  vars: ServerlessVariables,
  service: string,
  stages: Set<string>,
  context: PatchContext,
  edits: string[],
): string[] {
  const plain = (data as { resources?: { Resources?: Record<string, unknown> } }).resources?.Resources;
  const fallback = vars.stage();
  if (fallback !== undefined) stages.add(fallback);
  if (!plain || !resourcesMap) return [];
  const notes: string[] = [];
  const stacks = [...stages].map((s) => `${service}-${s}`);
  for (const p of publicBucketPolicies(plain, index, context.findings, stacks)) {
    if (p.website) {
      notes.push(websiteNote(p));
      continue;
    }
    const pair = pairOf(resourcesMap, p.policyId);
    const statement = pairOf(mapAt(resourcesMap, p.policyId, 'Properties', 'PolicyDocument'), 'Statement');
    if (p.kept.length === 0 && pair) editor.removePair(pair);
    else if (statement) editor.replaceValue(statement, p.kept.map(fromPlain));
    else continue;
    edits.push(bucketPolicyEdit(p));
  }
  return notes;
}

export function removeAwsManaged(editor: YamlEditor, managed: Pair<Node, Node>, edits: string[]): void {
  const seq = managed.value as YAMLSeq<Node>;
  const broad = seq.items.filter((item) => AWS_MANAGED.test(plainString(item) ?? ''));
  if (broad.length === 0) return;
  if (broad.length === seq.items.length) editor.removePair(managed);
  else
    editor.replaceValue(
      managed,
      seq.items.filter((i) => !broad.includes(i)).map((i) => plainString(i) ?? String(i)),
    );
  edits.push(`AWS managed policies removed: ${broad.map((b) => plainString(b)).join(', ')}`);
}

export function addPlugin(editor: YamlEditor, root: unknown, edits: string[]): void {
  const plugins = pairOf(root, 'plugins');
  if (plugins && isSeq(plugins.value)) {
    const seq = plugins.value as YAMLSeq<Node>;
    if (seq.items.some((i) => plainString(i) === PER_FUNCTION_PLUGIN)) return;
    editor.appendItem(seq, PER_FUNCTION_PLUGIN);
  } else if (!plugins) {
    const map = root as YAMLMap<Node, Node>;
    editor.insertPair(
      map,
      'plugins',
      [PER_FUNCTION_PLUGIN],
      pairOf(root, 'custom') ?? pairOf(root, 'provider'),
    );
  } else {
    edits.push(`plugins is not a list: add ${PER_FUNCTION_PLUGIN} by hand`);
    return;
  }
  edits.push(`plugins: ${PER_FUNCTION_PLUGIN} added`);
}
