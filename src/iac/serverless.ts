/**
 * Serverless Framework `serverless.yml`: the service role's grants are `provider.iamRoleStatements` (v1/v2)
 * or `provider.iam.role.statements` (v3+). With per-function policies the patch moves each function's own
 * statements to `functions.<F>.iamRoleStatements` and adds the `serverless-iam-roles-per-function` plugin,
 * as the ServerlessOps security workshop does; a role that plugin already created is patched in its
 * function's statements. Names use `${…}` variables, resolved as far as the file and the role tell.
 */
import { isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import {
  EMPTY_CONTEXT,
  type FileChange,
  type IacPatcher,
  type PatcherResult,
  type Resolution,
  type RoleTarget,
} from './model.js';
import { NAME_PROPERTY, type TemplateResource } from './references.js';
import { addPlugin, patchBucketPolicies, patchFunctionRole, removeAwsManaged } from './serverless-edits.js';
import { locateRole, PER_FUNCTION_PLUGIN, type ServerlessService } from './serverless-roles.js';
import { ServerlessVariables } from './serverless-variables.js';
import { statementValues, type StatementOptions } from './statements.js';
import { yamlPlain } from './template-view.js';
import { mapAt, pairOf, parseYaml, plainString, YamlEditor } from './yaml-edit.js';

/** `resources.Resources` as the reference index sees it; variable names resolved, unresolvable ones dropped. */
export function templateResources(
  resources: YAMLMap<Node, Node> | undefined,
  vars?: ServerlessVariables,
): TemplateResource[] {
  return (resources?.items ?? []).flatMap((pair) => {
    const logicalId = plainString(pair.key);
    const type = plainString(pairOf(pair.value, 'Type')?.value);
    if (logicalId === undefined || type === undefined) return [];
    const nameProperty = NAME_PROPERTY[type];
    const raw = nameProperty
      ? plainString(pairOf(mapAt(pair.value, 'Properties'), nameProperty)?.value)
      : undefined;
    const name = raw === undefined ? undefined : raw.includes('${') ? vars?.resolve(raw) : raw;
    return [{ logicalId, type, ...(name !== undefined ? { name } : {}) }];
  });
}

function service(root: unknown, vars: ServerlessVariables): ServerlessService['service'] | undefined {
  const raw =
    plainString(pairOf(root, 'service')?.value) ?? plainString(pairOf(mapAt(root, 'service'), 'name')?.value);
  return raw === undefined ? undefined : vars.resolve(raw);
}

export const serverlessPatcher: IacPatcher = {
  kind: 'serverless',
  accepts: (file) => /(^|\/)serverless\.ya?ml$/.test(file.path),
  patch(file, roles, overrides, context = EMPTY_CONTEXT): PatcherResult {
    const doc = parseYaml(file.text);
    if (doc.errors.length > 0) return { resolutions: [] };
    const root = doc.contents;
    const data = yamlPlain(root);
    const vars = new ServerlessVariables(data);
    const name = service(root, vars);
    const provider = mapAt(root, 'provider');
    if (name === undefined || !provider) return { resolutions: [] };
    const editor = new YamlEditor(file.text, doc, 'yaml-long');
    const resourcesMap = mapAt(root, 'resources', 'Resources');
    const functions = mapAt(root, 'functions');
    const roleMap = mapAt(provider, 'iam', 'role');
    const plugins = pairOf(root, 'plugins')?.value;
    const providerRoleName = plainString(pairOf(roleMap, 'name')?.value);
    const svc: ServerlessService = {
      path: file.path,
      service: name,
      vars,
      ...(providerRoleName !== undefined ? { providerRoleName } : {}),
      functions: (functions?.items ?? []).flatMap((pair) => {
        const key = plainString(pair.key);
        const roleName = plainString(pairOf(pair.value, 'iamRoleStatementsName')?.value);
        return key === undefined
          ? []
          : [
              {
                key,
                ownStatements: pairOf(pair.value, 'iamRoleStatements') !== undefined,
                ...(roleName !== undefined ? { roleName } : {}),
              },
            ];
      }),
      perFunctionPlugin:
        isSeq(plugins) &&
        (plugins as YAMLSeq<Node>).items.some((i) => plainString(i) === PER_FUNCTION_PLUGIN),
    };
    const resolutions: Resolution[] = [];
    const edits: string[] = [];
    const stages = new Set<string>();
    for (const role of roles) {
      const located = locateRole(svc, role, overrides);
      if (!located) continue;
      resolutions.push(located.resolution);
      const { stage } = located.deployment;
      stages.add(stage);
      const deployed = vars.with(located.deployment);
      const { region, accountId } = located.deployment;
      const options: StatementOptions = {
        resources: templateResources(resourcesMap, deployed),
        stack: `${name}-${stage}`,
        ...(accountId !== undefined ? { place: { region, account: accountId } } : {}),
        frameworkLogs: true,
        sids: false,
      };
      if (located.functionKey !== undefined) {
        patchFunctionRole(
          editor,
          mapAt(functions, located.functionKey),
          located.functionKey,
          role,
          options,
          edits,
        );
        continue;
      }
      const statementsPair = roleMap ? pairOf(roleMap, 'statements') : pairOf(provider, 'iamRoleStatements');
      const managed = roleMap ? pairOf(roleMap, 'managedPolicies') : pairOf(provider, 'iamManagedPolicies');
      if (managed && isSeq(managed.value)) removeAwsManaged(editor, managed, edits);
      const keys = functionKeys(functions, name, deployed, role);
      if (keys) {
        if (statementsPair) editor.removePair(statementsPair);
        edits.push(
          `${role.name}: provider statements split into one role per function (${PER_FUNCTION_PLUGIN})`,
        );
        for (const [fnName, key] of keys) {
          const fn = mapAt(functions, key);
          const policy = role.perFunction[fnName];
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
    const notes = patchBucketPolicies(
      editor,
      data,
      resourcesMap,
      templateResources(resourcesMap, vars),
      vars,
      name,
      stages,
      context,
      edits,
    );
    const after = editor.result();
    if (after === file.text) return { resolutions, notes };
    const change: FileChange = {
      path: file.path,
      kind: 'serverless',
      before: file.text,
      after,
      resolutions,
      edits,
    };
    return { change, resolutions, notes };
  },
};

/** Function name → key in `functions`, when every function of the role has its own generated policy. */
function functionKeys(
  functions: YAMLMap<Node, Node> | undefined,
  service: string,
  vars: ServerlessVariables,
  role: RoleTarget,
): Map<string, string> | undefined {
  if (!functions || role.functions.length === 0) return undefined;
  const keys = new Map<string, string>();
  const stage = vars.stage();
  for (const pair of functions.items) {
    const key = plainString(pair.key);
    if (key === undefined) continue;
    const raw = plainString(pairOf(pair.value, 'name')?.value);
    const name = raw !== undefined ? vars.resolve(raw) : `${service}-${stage ?? 'dev'}-${key}`;
    if (name !== undefined) keys.set(name, key);
  }
  const all = role.functions.every((f) => keys.has(f) && role.perFunction[f] !== undefined);
  return all ? new Map(role.functions.map((f) => [f, keys.get(f) ?? f])) : undefined;
}
