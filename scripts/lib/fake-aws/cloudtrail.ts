/**
 * CloudTrail's LookupEvents in JSON 1.1 (`X-Amz-Target: CloudTrail_20131101.LookupEvents`): the
 * management events of logs/ in the request's region, newest first, StartTime/EndTime applied,
 * NextToken pages of at most 50. Anything else, LookupAttributes included, is a 501.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { AccountFolder } from './account.js';
import { page, pageSize, reply, type FakeReply, type FakeRequest } from './http.js';

type Json = Record<string, unknown>;

const LOOKUP_PAGE = 50;

export function cloudTrailService(
  account: AccountFolder,
  serverPage: number,
): (req: FakeRequest) => Promise<FakeReply> {
  let history: Promise<Json[]> | undefined;
  return async (req) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.slice(target.lastIndexOf('.') + 1);
    if (req.method !== 'POST' || operation !== 'LookupEvents')
      return cloudTrailError(
        501,
        'NotImplemented',
        `The fake AWS endpoint does not implement cloudtrail ${operation || '(no X-Amz-Target)'}.`,
      );
    const input = JSON.parse(req.body.toString('utf8') || '{}') as Json;
    if (Array.isArray(input['LookupAttributes']) && input['LookupAttributes'].length > 0)
      return cloudTrailError(
        501,
        'NotImplemented',
        'The fake AWS endpoint does not implement LookupAttributes.',
      );
    const start = typeof input['StartTime'] === 'number' ? input['StartTime'] * 1000 : -Infinity;
    const end = typeof input['EndTime'] === 'number' ? input['EndTime'] * 1000 : Infinity;
    history ??= readHistory(account);
    const events = (await history).filter((r) => {
      const time = Date.parse(String(r['eventTime']));
      return r['awsRegion'] === req.region && time >= start && time <= end;
    });
    const asked = typeof input['MaxResults'] === 'number' ? String(input['MaxResults']) : undefined;
    const token = typeof input['NextToken'] === 'string' ? input['NextToken'] : undefined;
    const { items, next } = page(events, token, pageSize(asked, Math.min(LOOKUP_PAGE, serverPage)));
    return reply(
      200,
      'application/x-amz-json-1.1',
      JSON.stringify({ Events: items.map(entry), ...(next !== undefined ? { NextToken: next } : {}) }),
    );
  };
}

export function cloudTrailError(status: number, type: string, message: string): FakeReply {
  return reply(status, 'application/x-amz-json-1.1', JSON.stringify({ __type: type, message }));
}

/** Event history holds management events only, newest first (ties by event ID, to stay repeatable). */
async function readHistory(account: AccountFolder): Promise<Json[]> {
  const records: Json[] = [];
  for (const o of account.objects) {
    const bytes = await readFile(o.file);
    const text = (o.key.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    const lines = o.key.includes('.jsonl') ? text.split('\n').filter((l) => l.trim() !== '') : [text];
    for (const line of lines) {
      const json = JSON.parse(line) as Json;
      records.push(...(Array.isArray(json['Records']) ? (json['Records'] as Json[]) : [json]));
    }
  }
  const management = records.filter((r) => r['managementEvent'] !== false && r['eventCategory'] !== 'Data');
  const key = (r: Json): string => `${String(r['eventTime'])} ${String(r['eventID'])}`;
  return management.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
}

function entry(record: Json): Json {
  const identity = (record['userIdentity'] ?? {}) as Json;
  const issuer = ((identity['sessionContext'] ?? {}) as Json)['sessionIssuer'] as Json | undefined;
  const resources = Array.isArray(record['resources']) ? (record['resources'] as Json[]) : [];
  return {
    EventId: record['eventID'],
    EventName: record['eventName'],
    ReadOnly: String(record['readOnly'] ?? false),
    ...(typeof identity['accessKeyId'] === 'string' ? { AccessKeyId: identity['accessKeyId'] } : {}),
    EventTime: Date.parse(String(record['eventTime'])) / 1000,
    EventSource: record['eventSource'],
    ...(typeof (issuer?.['userName'] ?? identity['userName']) === 'string'
      ? { Username: issuer?.['userName'] ?? identity['userName'] }
      : {}),
    Resources: resources.map((r) => ({ ResourceType: r['type'], ResourceName: r['ARN'] })),
    CloudTrailEvent: JSON.stringify(record),
  };
}
