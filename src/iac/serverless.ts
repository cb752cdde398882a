/**
 * Serverless Framework `serverless.yml`: the service role is `<service>-<stage>-<region>-lambdaRole`,
 * its grants `provider.iamRoleStatements` (v1/v2) or `provider.iam.role.statements` (v3+). With
 * per-function policies the patch moves each function's own statements to `functions.<F>.iamRoleStatements`
 * and adds the `serverless-iam-roles-per-function` plugin, as the ServerlessOps security workshop does.
 */
import { isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type {
  FileChange,
  IacFile,
  IacPatcher,
  PatcherResult,
  Resolution,
  RoleOverride,
  RoleTarget,
} from './model.js';
import { NAME_PROPERTY, type TemplateResource } from './references.js';
import { statementValues } from './statements.js';
import { mapAt, pairOf, parseYaml, plainString, YamlEditor } from './yaml-edit.js';

const PER_FUNCTION_PLUGIN = 'serverless-iam-roles-per-function';
const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `resources.Resources` as the reference index sees it. */
export function templateResources(resources: YAMLMap<Node, Node> | undefined): TemplateResource[] {
  return (resources?.items ?? []).flatMap((pair) => {
    const logicalId = plainString(pair.key);
    const type = plainString(pairOf(pair.value, 'Type')?.value);
    if (logicalId === undefined || type === undefined) return [];
    const nameProperty = NAME_PROPERTY[type];
    const name = nameProperty
      ? plainString(pairOf(mapAt(pair.value, 'Properties'), nameProperty)?.value)
      : undefined;
    // Serverless variables (`${self:…}`) are resolved at deploy time: such a name matches nothing literally.
    return [{ logicalId, type, ...(name !== undefined && !name.includes('${') ? { name } : {}) }];
  });
}

interface Located {
  resolution: Resolution;
  stage: string;
}

function locate(
  file: IacFile,
  service: string,
  role: RoleTarget,
  providerRoleName: string | undefined,
  overrides: readonly RoleOverride[],
): Located | undefined {
  const override = overrides.find((o) => o.role === role.name && o.path === file.path);
  const m = new RegExp(`^${escape(service)}-([^-]+)-[a-z]{2}(?:-[a-z]+)+-\\d-lambdaRole$`).exec(role.name);
  const stage = m?.[1] ?? 'dev';
  if (override)
    return {
      resolution: { role: role.name, path: file.path, logicalId: override.logicalId, by: 'override' },
      stage,
    };
  if (providerRoleName === role.name || m) {
    return {
      resolution: {
        role: role.name,
        path: file.path,
        logicalId: 'provider',
        by: providerRoleName === role.name ? 'role-name' : 'serverless-naming',
      },
      stage,
    };
  }
  return undefined;
}

export const serverlessPatcher: IacPatcher = {
  kind: 'serverless',
  accepts: (file) => /(^|\/)serverless\.ya?ml$/.test(file.path),
  patch(file, roles, overrides): PatcherResult {
    const doc = parseYaml(file.text);
    if (doc.errors.length > 0) return { resolutions: [] };
    const root = doc.contents;
    const service =
      plainString(pairOf(root, 'service')?.value) ??
      plainString(pairOf(mapAt(root, 'service'), 'name')?.value);
    const provider = mapAt(root, 'provider');
    if (service === undefined || !provider) return { resolutions: [] };
    const editor = new YamlEditor(file.text, doc, 'yaml-long');
    const resources = templateResources(mapAt(root, 'resources', 'Resources'));
    const functions = mapAt(root, 'functions');
    const roleMap = mapAt(provider, 'iam', 'role');
    const providerRoleName = plainString(pairOf(roleMap, 'name')?.value);
    const resolutions: Resolution[] = [];
    const edits: string[] = [];
    for (const role of roles) {
      const located = locate(file, service, role, providerRoleName, overrides);
      if (!located) continue;
      resolutions.push(located.resolution);
      const options = { resources, stack: `${service}-${located.stage}`, frameworkLogs: true, sids: false };
      const statementsPair = roleMap ? pairOf(roleMap, 'statements') : pairOf(provider, 'iamRoleStatements');
      const managed = roleMap ? pairOf(roleMap, 'managedPolicies') : pairOf(provider, 'iamManagedPolicies');
      if (managed && isSeq(managed.value)) removeAwsManaged(editor, managed, edits);
      const keys = functionKeys(functions, service, located.stage, role);
      if (keys) {
        if (statementsPair) editor.removePair(statementsPair);
        edits.push(
          `${role.name}: provider statements split into one role per function (${PER_FUNCTION_PLUGIN})`,
        );
        for (const [name, key] of keys) {
          const fn = mapAt(functions, key);
          const policy = role.perFunction[name];
          if (!fn || !policy) continue;
          const statements = statementValues(policy, options);
          const existing = pairOf(fn, 'iamRoleStatements');
          if (existing) editor.replaceValue(existing, statements);
          else if (statements.length > 0)
            editor.insertPair(
              fn,
              'iamRoleStatements',
              statements,
              pairOf(fn, 'environment') ?? pairOf(fn, 'events'),
            );
          edits.push(`functions.${key}.iamRoleStatements: ${statements.length} statement(s)`);
        }
        addPlugin(editor, root, edits);
        continue;
      }
      const statements = statementValues(role.policy, options);
      const where = roleMap ? 'provider.iam.role.statements' : 'provider.iamRoleStatements';
      if (statementsPair && statements.length === 0) editor.removePair(statementsPair);
      else if (statementsPair) editor.replaceValue(statementsPair, statements);
      else if (statements.length > 0) {
        if (roleMap) editor.insertPair(roleMap, 'statements', statements);
        else editor.insertPair(provider, 'iamRoleStatements', statements);
      }
      edits.push(`${role.name}: ${where} replaced (${statements.length} statement(s))`);
    }
    const after = editor.result();
    if (after === file.text) return { resolutions };
    const change: FileChange = {
      path: file.path,
      kind: 'serverless',
      before: file.text,
      after,
      resolutions,
      edits,
    };
    return { change, resolutions };
  },
};

/** Function name → key in `functions`, when every function of the role has its own generated policy. */
function functionKeys(
  functions: YAMLMap<Node, Node> | undefined,
  service: string,
  stage: string,
  role: RoleTarget,
): Map<string, string> | undefined {
  if (!functions || role.functions.length === 0) return undefined;
  const keys = new Map<string, string>();
  for (const pair of functions.items) {
    const key = plainString(pair.key);
    if (key === undefined) continue;
    const name = plainString(pairOf(pair.value, 'name')?.value) ?? `${service}-${stage}-${key}`;
    keys.set(name, key);
  }
  const all = role.functions.every((f) => keys.has(f) && role.perFunction[f] !== undefined);
  return all ? new Map(role.functions.map((f) => [f, keys.get(f) ?? f])) : undefined;
}

function removeAwsManaged(editor: YamlEditor, managed: Pair<Node, Node>, edits: string[]): void {
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

function addPlugin(editor: YamlEditor, root: unknown, edits: string[]): void {
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
