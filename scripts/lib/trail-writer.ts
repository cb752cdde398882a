/**
 * Lays records out as a trail delivers them to S3:
 * `AWSLogs/[<org-id>/]<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz`,
 * one `{"Records":[…]}` file per 5–15 minutes of activity per region, records not strictly in time order
 * (CloudTrail user guide: log files are not an ordered stack trace). Gzip level 9: Node's zlib writes
 * mtime 0 and no file name in the header, so the bytes depend only on the content and the zlib build.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Prng } from './prng.js';
import type { Emitted, JsonObject } from './cloudtrail/types.js';

export interface TrailLayout {
  accountId: string;
  /** Organization trails add the organization ID before the account ID. */
  organizationId?: string;
  minMinutes?: number;
  maxMinutes?: number;
}

export interface LogFile {
  /** Relative to the logs root, `/`-separated. */
  path: string;
  records: JsonObject[];
}

const MINUTE = 60_000;

function stamp(ms: number): { day: string; name: string } {
  const iso = new Date(ms).toISOString();
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  return { day: `${y}/${m}/${d}`, name: `${y}${m}${d}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z` };
}

export function deliver(emitted: readonly Emitted[], layout: TrailLayout, prng: Prng): LogFile[] {
  const byRegion = new Map<string, Emitted[]>();
  for (const e of emitted) {
    const list = byRegion.get(e.region) ?? [];
    list.push(e);
    byRegion.set(e.region, list);
  }
  const prefix = layout.organizationId
    ? `AWSLogs/${layout.organizationId}/${layout.accountId}/CloudTrail`
    : `AWSLogs/${layout.accountId}/CloudTrail`;
  const files: LogFile[] = [];
  for (const region of [...byRegion.keys()].sort()) {
    const events = (byRegion.get(region) ?? []).slice().sort((a, b) => a.time - b.time);
    let i = 0;
    while (i < events.length) {
      const first = events[i] as Emitted;
      const end = first.time + prng.int(layout.minMinutes ?? 5, layout.maxMinutes ?? 15) * MINUTE;
      const batch: JsonObject[] = [];
      while (i < events.length && (events[i] as Emitted).time < end)
        batch.push((events[i++] as Emitted).record);
      for (let k = 0; k + 1 < batch.length; k++) {
        if (prng.chance(0.15))
          [batch[k], batch[k + 1]] = [batch[k + 1] as JsonObject, batch[k] as JsonObject];
      }
      // The name carries the minute the file was closed, never earlier than a record in it.
      const { day, name } = stamp(Math.ceil(end / MINUTE) * MINUTE);
      const file = `${layout.accountId}_CloudTrail_${region}_${name}_${prng.alnum(16)}.json.gz`;
      files.push({ path: `${prefix}/${region}/${day}/${file}`, records: batch });
    }
  }
  return files;
}

export function encodeRecords(records: readonly JsonObject[], level = 9): Buffer {
  return gzipSync(Buffer.from(JSON.stringify({ Records: records })), { level });
}

export interface WriteSummary {
  files: number;
  bytes: number;
}

/** Replaces `root` with the files: stale files from an earlier run would otherwise linger. */
export async function writeLogFiles(root: string, files: readonly LogFile[]): Promise<WriteSummary> {
  await rm(root, { recursive: true, force: true });
  let bytes = 0;
  for (const file of files) {
    const target = join(root, ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const data = encodeRecords(file.records);
    bytes += data.length;
    await writeFile(target, data);
  }
  return { files: files.length, bytes };
}

/** Every file under `root`, `/`-separated relative path → bytes. */
export async function readTree(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(relative(root, full).split(sep).join('/'), await readFile(full));
    }
  };
  await walk(root);
  return out;
}

export function decodeLogFile(data: Buffer): JsonObject[] {
  const parsed = JSON.parse(gunzipSync(data).toString('utf8')) as { Records: JsonObject[] };
  return parsed.Records;
}
