/**
 * One `node:http` server on 127.0.0.1 for every service, told apart by the SigV4 credential scope of
 * the Authorization header, as with `AWS_ENDPOINT_URL` every client sends to the same place.
 * Signatures are not checked; a request without an Authorization header is refused.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readAccountFolder } from './account.js';
import { accountService } from './account-regions.js';
import { cloudTrailError, cloudTrailService } from './cloudtrail.js';
import { readBody, requestIdOf, send, type FakeReply, type FakeRequest } from './http.js';
import { iamError, iamService } from './iam.js';
import { lambdaError, lambdaService } from './lambda.js';
import { s3Error, s3Service } from './s3.js';

export interface FakeAwsOptions {
  /** The account folder: iam.json, lambda.json, lambda/, logs/ (default examples/wild-rydes). */
  folder: string;
  /** The one bucket whose contents are logs/. */
  bucket: string;
  /** 0: an ephemeral port. */
  port?: number;
  /** The largest page any listing returns, to make clients follow markers (default: each API's own). */
  pageSize?: number;
  /** Sees one line per request answered: service, operation, status. */
  log?: (line: string) => void;
}

export interface FakeAws {
  url: string;
  port: number;
  /** Requests served, as `service Operation-or-path`, for tests that check what was called. */
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const account = await readAccountFolder(options.folder);
  const max = options.pageSize ?? Number.MAX_SAFE_INTEGER;
  const iam = iamService(account, max);
  const lambda = lambdaService(account, max);
  const s3 = s3Service(account, options.bucket, max);
  const cloudTrail = cloudTrailService(account, max);
  const regions = accountService(account, max);
  const requests: string[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const id = requestIdOf(req.method ?? '', req.url ?? '', body);
      const request = parse(req, body, id);
      const service = serviceOf(request);
      requests.push(`${service} ${operationOf(request)}`);
      let out: FakeReply;
      try {
        if (request.headers.authorization === undefined)
          out = refuse(service, 'MissingAuthenticationToken', 'Request is missing Authentication Token', id);
        else if (service === 'iam') out = iam.handle(request);
        else if (service === 'lambda') out = lambda(request);
        else if (service === 's3') out = await s3(request);
        else if (service === 'cloudtrail') out = await cloudTrail(request);
        else if (service === 'account') out = regions(request);
        else
          out = refuse(
            service,
            'NotImplemented',
            `The fake AWS endpoint does not implement ${service}.`,
            id,
            501,
          );
      } catch (error) {
        out = refuse(service, 'InternalFailure', (error as Error).message, id, 500);
      }
      options.log?.(`${service} ${operationOf(request)} ${out.status}`);
      send(res, out, id);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

function parse(req: IncomingMessage, body: Buffer, requestId: string): FakeRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '');
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(url.pathname),
    rawPath: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    region: scope?.[1] ?? 'us-east-1',
    requestId,
  };
}

/** The signing name of the credential scope; without one, the request's shape. */
function serviceOf(req: FakeRequest): string {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '');
  if (scope?.[1] !== undefined) return scope[1];
  if (req.headers['x-amz-target'] !== undefined)
    return String(req.headers['x-amz-target']).includes('CloudTrail') ? 'cloudtrail' : 'json';
  if (/^\/\d{4}-\d{2}-\d{2}\//.test(req.path)) return 'lambda';
  if (new URLSearchParams(req.body.toString('utf8')).has('Action')) return 'iam';
  return 's3';
}

function operationOf(req: FakeRequest): string {
  const target = req.headers['x-amz-target'];
  if (target !== undefined) return String(target).slice(String(target).lastIndexOf('.') + 1);
  const action = new URLSearchParams(req.body.toString('utf8')).get('Action');
  if (action !== null) return action;
  return `${req.method} ${req.path}${req.query.has('list-type') ? '?list-type=2' : ''}`;
}

/** An error in the wire format of the service's protocol. */
function refuse(service: string, code: string, message: string, id: string, status = 403): FakeReply {
  switch (service) {
    case 'iam':
      return iamError(status, code, message, id);
    case 'sts':
      return iamError(status, code, message, id, 'https://sts.amazonaws.com/doc/2011-06-15/');
    case 's3':
      return s3Error(status, code === 'MissingAuthenticationToken' ? 'AccessDenied' : code, message, id);
    case 'lambda':
    case 'account':
      return lambdaError(status, code, message);
    default:
      return cloudTrailError(status, code, message);
  }
}
