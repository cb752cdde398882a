/**
 * Lambda in REST JSON: `GET /2015-03-31/functions`, `…/event-source-mappings`, `…/functions/{name}/policy`,
 * `GET /2021-10-31/functions/{name}/urls` and `GET /2017-03-31/tags/{arn}`, with Marker/NextMarker pages
 * and errors named by the `x-amzn-ErrorType` header. Only the functions of the request's region exist.
 */
import type { AccountFolder } from './account.js';
import { page, pageSize, reply, type FakeReply, type FakeRequest } from './http.js';

type Json = Record<string, unknown>;

/** Lambda's default page sizes. */
const FUNCTIONS_PAGE = 50;
const MAPPINGS_PAGE = 100;
/** Keys the example's list-functions.json adds that ListFunctions itself never returns. */
const NOT_IN_LIST_FUNCTIONS = new Set(['Tags', 'PareEnvironmentSecrets']);

export function lambdaService(account: AccountFolder, serverPage: number): (req: FakeRequest) => FakeReply {
  const inRegion = (region: string): Json[] =>
    account.functions.filter((f) => String(f['FunctionArn']).split(':')[3] === region);
  const find = (region: string, nameOrArn: string): Json | undefined =>
    inRegion(region).find((f) => f['FunctionName'] === nameOrArn || f['FunctionArn'] === nameOrArn);
  const size = (req: FakeRequest, max: number): number =>
    pageSize(req.query.get('MaxItems'), Math.min(max, serverPage));

  return (req) => {
    if (req.method !== 'GET') return notImplemented(req);
    const segments = req.rawPath
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
    const [version, collection, name, sub] = segments;
    if (version === '2015-03-31' && collection === 'functions' && name === undefined) {
      const listed = inRegion(req.region).map((f) =>
        Object.fromEntries(Object.entries(f).filter(([k]) => !NOT_IN_LIST_FUNCTIONS.has(k))),
      );
      const { items, next } = page(listed, req.query.get('Marker'), size(req, FUNCTIONS_PAGE));
      return json({ Functions: items, ...(next !== undefined ? { NextMarker: next } : {}) });
    }
    if (version === '2015-03-31' && collection === 'event-source-mappings' && name === undefined) {
      const fn = req.query.get('FunctionName');
      const target = fn !== null ? find(req.region, fn)?.['FunctionArn'] : undefined;
      const mappings = account.eventSourceMappings
        .filter((m) => String(m['FunctionArn']).split(':')[3] === req.region)
        .filter((m) => fn === null || m['FunctionArn'] === target)
        .map(wireMapping);
      const { items, next } = page(mappings, req.query.get('Marker'), size(req, MAPPINGS_PAGE));
      return json({ EventSourceMappings: items, ...(next !== undefined ? { NextMarker: next } : {}) });
    }
    if (collection === 'functions' && name !== undefined && segments.length === 4) {
      const fn = find(req.region, name);
      if (fn === undefined) return notFound(`Function not found: ${name}`);
      const fnName = String(fn['FunctionName']);
      if (version === '2015-03-31' && sub === 'policy') {
        const policy = account.policies.get(fnName);
        return policy === undefined ? notFound('The resource you requested does not exist.') : json(policy);
      }
      if (version === '2021-10-31' && sub === 'urls') {
        const { items, next } = page(
          account.functionUrls.get(fnName) ?? [],
          req.query.get('Marker'),
          size(req, FUNCTIONS_PAGE),
        );
        return json({ FunctionUrlConfigs: items, ...(next !== undefined ? { NextMarker: next } : {}) });
      }
    }
    if (version === '2017-03-31' && collection === 'tags' && name !== undefined && segments.length === 3) {
      const fn = find(req.region, name);
      if (fn === undefined) return notFound(`Function not found: ${name}`);
      return json({ Tags: fn['Tags'] ?? {} });
    }
    return notImplemented(req);
  };
}

function json(body: unknown): FakeReply {
  return reply(200, 'application/json', JSON.stringify(body));
}

export function lambdaError(status: number, type: string, message: string): FakeReply {
  return reply(
    status,
    'application/json',
    JSON.stringify({ Type: status >= 500 ? 'Service' : 'User', Message: message }),
    {
      'x-amzn-errortype': type,
    },
  );
}

function notFound(message: string): FakeReply {
  return lambdaError(404, 'ResourceNotFoundException', message);
}

function notImplemented(req: FakeRequest): FakeReply {
  return lambdaError(
    501,
    'NotImplemented',
    `The fake AWS endpoint does not implement lambda ${req.method} ${req.path}.`,
  );
}

/** Event source mappings carry LastModified as epoch seconds on the wire; the CLI prints ISO text. */
function wireMapping(mapping: Json): Json {
  const last = mapping['LastModified'];
  if (typeof last !== 'string') return mapping;
  const time = Date.parse(last);
  return Number.isNaN(time) ? mapping : { ...mapping, LastModified: time / 1000 };
}
