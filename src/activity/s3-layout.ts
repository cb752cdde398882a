import { UsageError } from '../errors.js';

/**
 * The trail's delivery layout in S3: `[prefix/]AWSLogs/[o-xxxxxxxxxx/]<account>/CloudTrail/<region>/
 * YYYY/MM/DD/<file>.json.gz` (org trails add the organisation ID). Pure helpers for the S3 source.
 */
export interface S3Location {
  bucket: string;
  /** Key prefix, '' for the whole bucket; ends with '/' unless it names a file's start. */
  prefix: string;
}

/** What a prefix stops at, and so what the S3 source lists next. */
export type LayoutLevel =
  | { kind: 'above-logs' } // the bucket or the trail's own prefix: AWSLogs/ is next
  | { kind: 'logs' } // AWSLogs/: accounts or organisations are next
  | { kind: 'organisation' } // AWSLogs/o-xxx/: accounts are next
  | { kind: 'account' } // AWSLogs/[o-xxx/]<account>/: CloudTrail/ is next
  | { kind: 'cloudtrail' } // …/CloudTrail/: regions are next
  | { kind: 'region' } // …/CloudTrail/<region>/: the window's day prefixes are next
  | { kind: 'inside-region' }; // a year, month, day or file prefix: listed as it is

const ACCOUNT = /^\d{12}$/;
const ORGANISATION = /^o-[a-z0-9]{10,32}$/;

export function parseS3Url(url: string): S3Location {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  if (!m || m[1] === undefined)
    throw new UsageError(`--s3 ${url}: not an S3 URL (s3://bucket or s3://bucket/prefix/)`);
  return { bucket: m[1], prefix: m[2] ?? '' };
}

export function s3Url(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** Where a prefix ending with '/' sits in the layout. */
export function layoutLevel(prefix: string): LayoutLevel {
  const parts = prefix.split('/').slice(0, -1);
  const logs = parts.lastIndexOf('AWSLogs');
  if (logs < 0) return { kind: 'above-logs' };
  const rest = parts.slice(logs + 1);
  let i = 0;
  if (rest.length === 0) return { kind: 'logs' };
  if (ORGANISATION.test(rest[0]!)) {
    if (rest.length === 1) return { kind: 'organisation' };
    i = 1;
  }
  if (!ACCOUNT.test(rest[i]!)) return { kind: 'inside-region' };
  const after = rest.length - i - 1;
  if (after === 0) return { kind: 'account' };
  if (rest[i + 1] !== 'CloudTrail') return { kind: 'inside-region' };
  if (after === 1) return { kind: 'cloudtrail' };
  if (after === 2) return { kind: 'region' };
  return { kind: 'inside-region' };
}

export function isAccountOrOrganisation(segment: string): boolean {
  return ACCOUNT.test(segment) || ORGANISATION.test(segment);
}

/** Every UTC day from `first` to `last` (YYYY-MM-DD, inclusive), as `YYYY/MM/DD/`. */
export function dayPrefixes(first: string, last: string): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= Date.parse(`${last}T00:00:00Z`); ms += 86_400_000)
    out.push(`${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/')}/`);
  return out;
}

/** CloudTrail's log files; digests (CloudTrail-Digest/) and other objects are not activity. */
export function isLogKey(key: string): boolean {
  return /\.json(\.gz)?$/i.test(key) && !key.includes('/CloudTrail-Digest/');
}
