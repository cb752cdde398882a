/**
 * IAM in the query protocol: form-encoded POST (`Action=…&Version=2010-05-08`), XML answers with lists
 * as `<member>` items and policy documents URL-encoded, as IAM sends them.
 */
import { createHash } from 'node:crypto';
import type { AccountFolder } from './account.js';
import { reply, page, pageSize, type FakeReply, type FakeRequest } from './http.js';
import { escapeXml, isoUtc, toXml } from './xml.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
/** IAM's default MaxItems. */
const IAM_PAGE = 100;
const DOCUMENT_KEYS = new Set(['AssumeRolePolicyDocument', 'PolicyDocument', 'Document']);
const DATE_KEYS = new Set(['CreateDate', 'UpdateDate', 'LastUsedDate']);

type Json = Record<string, unknown>;
type Detail = { list: 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'; item: Json };

export interface IamService {
  handle(req: FakeRequest): FakeReply;
}

export function iamService(account: AccountFolder, serverPage: number): IamService {
  /** Job ID → polls answered so far: IN_PROGRESS on the first, COMPLETED after. */
  const jobs = new Map<string, { arn: string; polls: number }>();
  const completed = lastDeliveryTime(account);
  // handle() never awaits: the request it was called with is the one being answered.
  let requestId = '';
  const ok = (action: string, result: string): FakeReply =>
    reply(
      200,
      'text/xml',
      `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    );
  const fail = (status: number, code: string, message: string): FakeReply =>
    iamError(status, code, message, requestId);

  const authorizationDetails = (form: URLSearchParams): FakeReply => {
    const filters = new Set(memberList(form, 'Filter'));
    const wants = (kind: string): boolean => filters.size === 0 || filters.has(kind);
    const details: Detail[] = [
      ...items(account.iam['UserDetailList'], wants('User') ? 'UserDetailList' : undefined),
      ...items(account.iam['GroupDetailList'], wants('Group') ? 'GroupDetailList' : undefined),
      ...items(account.iam['RoleDetailList'], wants('Role') ? 'RoleDetailList' : undefined),
      ...items(account.iam['Policies'], 'Policies').filter((d) =>
        wants(
          String(d.item['Arn']).startsWith('arn:aws:iam::aws:') ? 'AWSManagedPolicy' : 'LocalManagedPolicy',
        ),
      ),
    ];
    const { items: shown, next } = page(
      details,
      form.get('Marker'),
      pageSize(form.get('MaxItems'), Math.min(IAM_PAGE, serverPage)),
    );
    const lists = (['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const).map((list) =>
      toXml(
        list,
        shown.filter((d) => d.list === list).map((d) => wire(d.item)),
      ),
    );
    const more =
      next !== undefined
        ? `<IsTruncated>true</IsTruncated><Marker>${escapeXml(next)}</Marker>`
        : '<IsTruncated>false</IsTruncated>';
    return ok('GetAccountAuthorizationDetails', lists.join('') + more);
  };

  const generateLastAccessed = (form: URLSearchParams): FakeReply => {
    const arn = form.get('Arn') ?? '';
    if (!roleArns(account).has(arn)) return fail(404, 'NoSuchEntity', `The entity ${arn} cannot be found.`);
    const jobId = createHash('sha256').update(arn).digest('hex').slice(0, 36);
    jobs.set(jobId, { arn, polls: 0 });
    return ok('GenerateServiceLastAccessedDetails', `<JobId>${jobId}</JobId>`);
  };

  const getLastAccessed = (form: URLSearchParams): FakeReply => {
    const job = jobs.get(form.get('JobId') ?? '');
    if (job === undefined) return fail(404, 'NoSuchEntity', `No job ${form.get('JobId') ?? ''}.`);
    job.polls++;
    const status = job.polls === 1 ? 'IN_PROGRESS' : 'COMPLETED';
    // No service activity: the fake has no record of what IAM saw beyond the trail itself.
    return ok(
      'GetServiceLastAccessedDetails',
      `<JobStatus>${status}</JobStatus><JobType>ACTION_LEVEL</JobType><JobCreationDate>${completed}</JobCreationDate>` +
        (status === 'COMPLETED' ? `<JobCompletionDate>${completed}</JobCompletionDate>` : '') +
        '<ServicesLastAccessed></ServicesLastAccessed><IsTruncated>false</IsTruncated>',
    );
  };

  return {
    handle(req) {
      requestId = req.requestId;
      if (req.method !== 'POST') return fail(400, 'InvalidAction', 'IAM takes POST requests.');
      const form = new URLSearchParams(req.body.toString('utf8'));
      const action = form.get('Action') ?? '';
      switch (action) {
        case 'GetAccountAuthorizationDetails':
          return authorizationDetails(form);
        case 'GenerateServiceLastAccessedDetails':
          return generateLastAccessed(form);
        case 'GetServiceLastAccessedDetails':
          return getLastAccessed(form);
        default:
          return fail(
            501,
            'NotImplemented',
            `The fake AWS endpoint does not implement iam ${action || '(no Action)'}.`,
          );
      }
    },
  };
}

/** The query protocol's error; STS's has its own namespace. */
export function iamError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  ns = NS,
): FakeReply {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return reply(
    status,
    'text/xml',
    `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

/** `Name.member.1`, `Name.member.2`, … in order. */
function memberList(form: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) out.push(form.get(`${name}.member.${i}`) ?? '');
  return out;
}

function items(value: unknown, list: Detail['list'] | undefined): Detail[] {
  if (list === undefined || !Array.isArray(value)) return [];
  return (value as Json[]).map((item) => ({ list, item }));
}

/** The CLI's decoded JSON back to the wire: documents URL-encoded, dates in UTC. */
function wire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wire);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (DOCUMENT_KEYS.has(key) && typeof inner === 'object')
        return [key, encodeURIComponent(JSON.stringify(inner))];
      if (DATE_KEYS.has(key) && typeof inner === 'string') return [key, isoUtc(inner)];
      return [key, wire(inner)];
    }),
  );
}

function roleArns(account: AccountFolder): Set<string> {
  const roles = Array.isArray(account.iam['RoleDetailList']) ? (account.iam['RoleDetailList'] as Json[]) : [];
  return new Set(roles.map((r) => String(r['Arn'])));
}

/** The jobs' dates: the last log file's delivery time (in its name), so runs repeat byte for byte. */
function lastDeliveryTime(account: AccountFolder): string {
  const stamps = account.objects.flatMap((o) => /_(\d{8}T\d{4})Z_/.exec(o.key)?.[1] ?? []).sort();
  const last = stamps.at(-1);
  if (last === undefined) return '2026-01-01T00:00:00Z';
  return `${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6, 8)}T${last.slice(9, 11)}:${last.slice(11, 13)}:00Z`;
}
