import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { after } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readActivity, type ReadActivityOptions } from '../../src/activity/index.js';
import type { Event } from '../../src/model/event.js';

export const FIXTURES = new URL('../fixtures/activity/', import.meta.url).pathname;

export async function fixture(name: string): Promise<string> {
  return readFile(join(FIXTURES, name), 'utf8');
}

/** The Records of fixtures/activity/cloudtrail-file.json. */
export async function sampleRecords(): Promise<Record<string, unknown>[]> {
  return (JSON.parse(await fixture('cloudtrail-file.json')) as { Records: Record<string, unknown>[] })
    .Records;
}

/** A fresh temporary directory, removed after the test file. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pare-activity-'));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` at `root/relative` (creating folders); `.gz` names are gzipped. */
export async function put(root: string, relative: string, content: string | Buffer): Promise<string> {
  const path = join(root, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, relative.endsWith('.gz') ? gzipSync(content) : content);
  return path;
}

export function record(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::111111111111:assumed-role/role-${n % 3}/session-${n}`,
      accountId: '111111111111',
      accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
    },
    eventTime: `2026-01-02T03:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}Z`,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    requestParameters: { bucketName: 'b', key: `k/${n}` },
    eventID: `id-${n}`,
    ...extra,
  };
}

export function cloudTrailFile(records: unknown[]): string {
  return JSON.stringify({ Records: records });
}

export async function readAll(
  inputs: string[],
  options: ReadActivityOptions = {},
): Promise<{ events: Event[]; stats: ReturnType<ReturnType<typeof readActivity>['stats']> }> {
  const read = readActivity(inputs, options);
  const events: Event[] = [];
  for await (const event of read.events) events.push(event);
  return { events, stats: read.stats() };
}

/** The error `promise` rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

export function stdinOf(...chunks: (string | Buffer)[]): Readable {
  return Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
}

export const ids = (events: Event[]): string[] => events.map((e) => e.eventID).sort();
