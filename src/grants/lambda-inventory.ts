/**
 * `aws lambda list-functions` output (also a bare array of FunctionConfiguration, or `get-function`
 * output) → LambdaFunction. Environment variable values are read past, never kept: they hold secrets.
 * With a classifier, each value is looked at once, while parsing, and only its kind of secret is kept.
 */
import { InputError } from '../errors.js';
import type { EnvironmentSecret, LambdaFunction, SecretClassifier } from '../model/grants.js';
import type { EventSourceMapping, FunctionUrlConfig, ResourcePolicy } from '../model/inventory.js';
import { isRecord, pointerJoin, readTags, splitArn } from './json-shape.js';
import { parseEventSourceMappings, parseFunctionPolicy, parseFunctionUrlConfigs } from './lambda-triggers.js';

const NOT_AN_INVENTORY = 'not the output of aws lambda list-functions (no Functions)';
const NOT_A_LAMBDA_FILE =
  'not a Lambda inventory file: expected the output of aws lambda list-functions, get-function, list-event-source-mappings, get-policy or list-function-url-configs';

/** One `--lambda` file, whichever of the `aws lambda` outputs pare reads it is. */
export interface LambdaInventoryPart {
  functions: LambdaFunction[];
  eventSourceMappings: EventSourceMapping[];
  functionUrls: FunctionUrlConfig[];
  functionPolicies: ResourcePolicy[];
}

/** Tells the outputs apart by their content, not their file name. */
export function parseLambdaInventoryFile(
  json: unknown,
  file: string,
  classify?: SecretClassifier,
): LambdaInventoryPart {
  const part: LambdaInventoryPart = {
    functions: [],
    eventSourceMappings: [],
    functionUrls: [],
    functionPolicies: [],
  };
  if (
    Array.isArray(json) ||
    (isRecord(json) && (Array.isArray(json['Functions']) || isRecord(json['Configuration'])))
  ) {
    part.functions = parseListFunctions(json, file, classify);
  } else if (isRecord(json) && Array.isArray(json['EventSourceMappings'])) {
    part.eventSourceMappings = parseEventSourceMappings(
      json['EventSourceMappings'],
      file,
      '/EventSourceMappings',
    );
  } else if (isRecord(json) && typeof json['UUID'] === 'string' && 'FunctionArn' in json) {
    part.eventSourceMappings = parseEventSourceMappings([json], file, '');
  } else if (isRecord(json) && typeof json['Policy'] === 'string') {
    part.functionPolicies = [parseFunctionPolicy(json, file)];
  } else if (isRecord(json) && Array.isArray(json['FunctionUrlConfigs'])) {
    part.functionUrls = parseFunctionUrlConfigs(json['FunctionUrlConfigs'], file, '/FunctionUrlConfigs');
  } else if (isRecord(json) && typeof json['FunctionUrl'] === 'string') {
    part.functionUrls = parseFunctionUrlConfigs([json], file, '');
  } else {
    throw new InputError(file, NOT_A_LAMBDA_FILE);
  }
  return part;
}

export function parseListFunctions(
  json: unknown,
  file: string,
  classify?: SecretClassifier,
): LambdaFunction[] {
  let entries: { config: unknown; tags: unknown; pointer: string }[];
  if (Array.isArray(json)) {
    entries = json.map((config, i) => ({ config, tags: undefined, pointer: pointerJoin('', i) }));
  } else if (isRecord(json) && Array.isArray(json['Functions'])) {
    entries = json['Functions'].map((config: unknown, i) => ({
      config,
      tags: undefined,
      pointer: pointerJoin('', 'Functions', i),
    }));
  } else if (isRecord(json) && isRecord(json['Configuration'])) {
    // get-function puts the tags next to the configuration, not inside it.
    entries = [{ config: json['Configuration'], tags: json['Tags'], pointer: '/Configuration' }];
  } else {
    throw new InputError(file, NOT_AN_INVENTORY);
  }
  const byArn = new Map<string, LambdaFunction>();
  for (const { config, tags, pointer } of entries) {
    const fn = parseFunction(config, tags, file, pointer, classify);
    byArn.set(fn.arn, fn);
  }
  return [...byArn.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

function parseFunction(
  raw: unknown,
  tags: unknown,
  file: string,
  pointer: string,
  classify: SecretClassifier | undefined,
): LambdaFunction {
  const fail = (problem: string, key?: string): never => {
    throw new InputError(file, problem, key ? pointerJoin(pointer, key) : pointer);
  };
  if (!isRecord(raw)) return fail('function configuration is not a JSON object');
  const arn = raw['FunctionArn'];
  const parts = typeof arn === 'string' ? splitArn(arn) : undefined;
  if (typeof arn !== 'string' || parts?.service !== 'lambda') {
    return fail(`FunctionArn ${JSON.stringify(arn)} is not a Lambda function ARN`, 'FunctionArn');
  }
  const name = raw['FunctionName'];
  if (typeof name !== 'string') return fail('function has no FunctionName', 'FunctionName');
  const role = raw['Role'];
  if (typeof role !== 'string') return fail(`function ${name} has no Role`, 'Role');

  const variables = record(record(raw['Environment'])['Variables']);
  const vpc = record(raw['VpcConfig']);
  const subnets = vpc['SubnetIds'];
  const logGroup = record(raw['LoggingConfig'])['LogGroup'];
  const fn: LambdaFunction = {
    name,
    arn,
    role,
    region: parts.region,
    accountId: parts.accountId,
    environmentVariableNames: Object.keys(variables).sort(),
    vpc: Array.isArray(subnets) && subnets.length > 0,
    tracing: record(raw['TracingConfig'])['Mode'] === 'Active',
    logGroup: typeof logGroup === 'string' && logGroup !== '' ? logGroup : `/aws/lambda/${name}`,
    layers: (Array.isArray(raw['Layers']) ? raw['Layers'] : [])
      .map((layer: unknown) => (isRecord(layer) ? layer['Arn'] : layer))
      .filter((layerArn): layerArn is string => typeof layerArn === 'string'),
    tags: readTags(tags ?? raw['Tags']),
  };
  if (typeof raw['Runtime'] === 'string') fn.runtime = raw['Runtime'];
  if (typeof raw['PackageType'] === 'string') fn.packageType = raw['PackageType'];
  const deadLetter = record(raw['DeadLetterConfig'])['TargetArn'];
  if (typeof deadLetter === 'string' && deadLetter !== '') fn.deadLetterTarget = deadLetter;
  if (typeof raw['KMSKeyArn'] === 'string' && raw['KMSKeyArn'] !== '') fn.kmsKeyArn = raw['KMSKeyArn'];
  if (classify) fn.environmentSecrets = collectedSecrets(raw) ?? classifyVariables(variables, classify);
  return fn;
}

/**
 * `pare collect` writes no values: it writes what the classifier found, per function, as
 * `PareEnvironmentSecrets: [{name, kind, by}]`, and that is read back instead of the placeholders.
 */
function collectedSecrets(raw: Record<string, unknown>): EnvironmentSecret[] | undefined {
  const list = raw['PareEnvironmentSecrets'];
  if (!Array.isArray(list)) return undefined;
  return list.flatMap((s: unknown) =>
    isRecord(s) &&
    typeof s['name'] === 'string' &&
    typeof s['kind'] === 'string' &&
    (s['by'] === 'name' || s['by'] === 'value')
      ? [{ name: s['name'], kind: s['kind'], by: s['by'] }]
      : [],
  );
}

/** The only place a variable's value is looked at: the classifier sees it, the result keeps the kind. */
function classifyVariables(
  variables: Record<string, unknown>,
  classify: SecretClassifier,
): EnvironmentSecret[] {
  const secrets: EnvironmentSecret[] = [];
  for (const name of Object.keys(variables).sort()) {
    const value = variables[name];
    const found = classify(name, typeof value === 'string' ? value : undefined);
    if (found) secrets.push({ name, ...found });
  }
  return secrets;
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
