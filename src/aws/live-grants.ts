/**
 * The granted side read live, as the files the AWS CLI would print: IAM GetAccountAuthorizationDetails
 * and the Lambda inventory. `pare collect` writes these files; `--live` passes the same JSON through
 * the offline readers, so live and offline runs share one parser.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  ListTagsCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { assembleGrants, type ReadGrants } from '../app/inventory.js';
import { parseLambdaInventoryFile } from '../grants/index.js';
import type { SecretClassifier } from '../model/grants.js';
import { compare } from '../model/order.js';
import { callAws, DEFAULT_RETRY, type RetryPolicy } from './call.js';
import type { AwsClients } from './clients.js';

/** What `collect` writes in place of each environment variable's value. */
export const VALUE_NOT_COLLECTED = '(value not collected by pare)';

/** Relative path → the JSON the AWS CLI prints for it. */
export type GrantFileSet = Map<string, unknown>;

export const IAM_FILE = 'iam.json';
export const LAMBDA_DIR = 'lambda';

export interface LiveGrantOptions {
  regions: readonly string[];
  /** Sees each environment variable value once; only the kind it finds is written. */
  classify: SecretClassifier;
  retry?: RetryPolicy;
}

/** Reads the account and returns the files `collect` writes (and `--live` parses in memory). */
export async function liveGrantFiles(clients: AwsClients, options: LiveGrantOptions): Promise<GrantFileSet> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const files: GrantFileSet = new Map();
  files.set(IAM_FILE, await readAuthorizationDetails(clients, retry));
  const functions: Record<string, unknown>[] = [];
  const mappings: unknown[] = [];
  const perFunction: { fn: FunctionConfiguration; region: string }[] = [];
  for (const region of options.regions) {
    const found = await listFunctions(clients, region, retry);
    for (const fn of found) {
      // ListFunctions returns no tags; get-function's `Tags`, which the IaC checks read, come from ListTags.
      const tags = await listTags(clients, region, fn, retry);
      functions.push({
        ...withoutValues(fn, options.classify),
        ...(tags !== undefined ? { Tags: tags } : {}),
      });
    }
    perFunction.push(...found.map((fn) => ({ fn, region })));
    mappings.push(...(await listEventSourceMappings(clients, region, retry)));
  }
  files.set(`${LAMBDA_DIR}/list-functions.json`, { Functions: functions });
  files.set(`${LAMBDA_DIR}/event-source-mappings.json`, { EventSourceMappings: mappings });
  const names = perFunction.map(({ fn }) => fn.FunctionName ?? '');
  for (const { fn, region } of perFunction) {
    const name = fn.FunctionName ?? '';
    // The same name in two regions: the region keeps the files apart.
    const file = names.filter((n) => n === name).length > 1 ? `${region}.${name}` : name;
    const policy = await getPolicy(clients, region, name, retry);
    if (policy !== undefined) files.set(`${LAMBDA_DIR}/policies/${file}.json`, policy);
    const urls = await listFunctionUrls(clients, region, name, retry);
    if (urls.length > 0) files.set(`${LAMBDA_DIR}/function-urls/${file}.json`, { FunctionUrlConfigs: urls });
  }
  return files;
}

/** All pages of roles and managed policies, documents decoded as the AWS CLI prints them. */
async function readAuthorizationDetails(clients: AwsClients, retry: RetryPolicy): Promise<unknown> {
  const roles: unknown[] = [];
  const policies: unknown[] = [];
  let marker: string | undefined;
  do {
    const page: GetAccountAuthorizationDetailsCommandOutput = await callAws(
      () =>
        clients.iam().send(
          new GetAccountAuthorizationDetailsCommand({
            Filter: ['Role', 'LocalManagedPolicy', 'AWSManagedPolicy'],
            ...(marker !== undefined ? { Marker: marker } : {}),
          }),
        ),
      {
        operation: 'iam GetAccountAuthorizationDetails',
        requiredAction: 'iam:GetAccountAuthorizationDetails',
      },
      retry,
    );
    roles.push(...(page.RoleDetailList ?? []).map((role) => decodeDocuments(plain(role))));
    policies.push(...(page.Policies ?? []).map((policy) => decodeDocuments(plain(policy))));
    marker = page.IsTruncated === true ? page.Marker : undefined;
  } while (marker !== undefined);
  return { RoleDetailList: roles, Policies: policies };
}

/** Dates become ISO text, as in the CLI's output; `undefined` fields go. */
function plain(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

const DOCUMENT_KEYS = new Set(['AssumeRolePolicyDocument', 'PolicyDocument', 'Document']);

/** The API URL-encodes policy documents (RFC 3986); the CLI prints them as JSON, and so does pare. */
function decodeDocuments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeDocuments);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      DOCUMENT_KEYS.has(key) && typeof inner === 'string' ? decodeDocument(inner) : decodeDocuments(inner),
    ]),
  );
}

function decodeDocument(text: string): unknown {
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch {
    // Left as text: the offline reader reports it with its file and pointer.
    return text;
  }
}

/** Variable names stay, values go; what the classifier saw is kept as `PareEnvironmentSecrets`. */
function withoutValues(fn: FunctionConfiguration, classify: SecretClassifier): Record<string, unknown> {
  const config = plain(fn);
  const variables = fn.Environment?.Variables;
  if (variables === undefined) return config;
  const names = Object.keys(variables).sort();
  config['Environment'] = {
    ...(config['Environment'] as object),
    Variables: Object.fromEntries(names.map((name) => [name, VALUE_NOT_COLLECTED])),
  };
  config['PareEnvironmentSecrets'] = names.flatMap((name) => {
    const found = classify(name, variables[name]);
    return found ? [{ name, ...found }] : [];
  });
  return config;
}

/** Every item of a Marker/NextMarker-paginated Lambda listing. */
async function allPages<T>(
  fetch: (
    marker: string | undefined,
  ) => Promise<{ items: readonly T[] | undefined; next: string | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    out.push(...(page.items ?? []));
    marker = page.next;
  } while (marker !== undefined);
  return out;
}

const withMarker = (marker: string | undefined): { Marker?: string } =>
  marker !== undefined ? { Marker: marker } : {};

function listFunctions(
  clients: AwsClients,
  region: string,
  retry: RetryPolicy,
): Promise<FunctionConfiguration[]> {
  return allPages(async (marker) => {
    const page = await callAws(
      () => clients.lambda(region).send(new ListFunctionsCommand(withMarker(marker))),
      { operation: `lambda ListFunctions in ${region}`, requiredAction: 'lambda:ListFunctions' },
      retry,
    );
    return { items: page.Functions, next: page.NextMarker };
  });
}

/** The function's tags, as get-function prints them; undefined when it has none. */
async function listTags(
  clients: AwsClients,
  region: string,
  fn: FunctionConfiguration,
  retry: RetryPolicy,
): Promise<Record<string, string> | undefined> {
  if (fn.FunctionArn === undefined) return undefined;
  const arn = fn.FunctionArn;
  const out = await callAws(
    () => clients.lambda(region).send(new ListTagsCommand({ Resource: arn })),
    {
      operation: `lambda ListTags ${fn.FunctionName ?? arn} in ${region}`,
      requiredAction: 'lambda:ListTags',
    },
    retry,
  );
  const tags = out?.Tags;
  return tags !== undefined && Object.keys(tags).length > 0 ? tags : undefined;
}

async function listEventSourceMappings(
  clients: AwsClients,
  region: string,
  retry: RetryPolicy,
): Promise<unknown[]> {
  const mappings = await allPages(async (marker) => {
    const page = await callAws(
      () => clients.lambda(region).send(new ListEventSourceMappingsCommand(withMarker(marker))),
      {
        operation: `lambda ListEventSourceMappings in ${region}`,
        requiredAction: 'lambda:ListEventSourceMappings',
      },
      retry,
    );
    return { items: page.EventSourceMappings, next: page.NextMarker };
  });
  return mappings.map(plain);
}

/** The function's resource-based policy, as get-policy prints it; undefined when it has none. */
async function getPolicy(
  clients: AwsClients,
  region: string,
  name: string,
  retry: RetryPolicy,
): Promise<unknown> {
  try {
    const out = await callAws(
      () => clients.lambda(region).send(new GetPolicyCommand({ FunctionName: name })),
      { operation: `lambda GetPolicy ${name} in ${region}`, requiredAction: 'lambda:GetPolicy' },
      retry,
    );
    return out.Policy === undefined ? undefined : { Policy: out.Policy, RevisionId: out.RevisionId };
  } catch (error) {
    // A function nobody else may invoke has no policy: Lambda answers 404.
    if ((error as { name?: unknown }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function listFunctionUrls(
  clients: AwsClients,
  region: string,
  name: string,
  retry: RetryPolicy,
): Promise<unknown[]> {
  const urls = await allPages(async (marker) => {
    const page = await callAws(
      () =>
        clients
          .lambda(region)
          .send(new ListFunctionUrlConfigsCommand({ FunctionName: name, ...withMarker(marker) })),
      {
        operation: `lambda ListFunctionUrlConfigs ${name} in ${region}`,
        requiredAction: 'lambda:ListFunctionUrlConfigs',
      },
      retry,
    );
    return { items: page.FunctionUrlConfigs, next: page.NextMarker };
  });
  return urls.map(plain);
}

/** `--live`: the same files, parsed in memory by the offline readers. */
export async function readLiveGrants(clients: AwsClients, options: LiveGrantOptions): Promise<ReadGrants> {
  const files = await liveGrantFiles(clients, options);
  const where = (path: string): string => `live:${path}`;
  const parts = [...files]
    .filter(([path]) => path.startsWith(`${LAMBDA_DIR}/`))
    // In the order the offline reader meets the files of a collected directory.
    .sort(([a], [b]) => compare(a, b))
    .map(([path, json]) => parseLambdaInventoryFile(json, where(path), options.classify));
  return assembleGrants([{ json: files.get(IAM_FILE), file: where(IAM_FILE) }], parts);
}
