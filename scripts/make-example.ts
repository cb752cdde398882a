/**
 * Regenerates examples/wild-rydes/ byte for byte: logs/ (a trail's S3 layout), iam.json
 * (get-account-authorization-details), lambda.json (list-functions), lambda/ and resource-policies/
 * (the rest of the inventory pare audit reads), code/ (function packages), expected.json (the truth the
 * logs were generated from) and README.md.
 *
 *   node --import tsx scripts/make-example.ts [--out DIR] [--check]
 *
 * --check compares with what is on disk instead of writing (exit 1 on a difference). Gzip bytes depend
 * on the zlib build; when only they differ the decompressed records are compared and a note printed.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Prng } from './lib/prng.js';
import { Recorder } from './lib/cloudtrail/record.js';
import type { JsonObject } from './lib/cloudtrail/types.js';
import { deliver, type LogFile } from './lib/trail-writer.js';
import { checkFolder, type GeneratedFolder, parseArgs, writeFolder } from './lib/generated-folder.js';
import { expectedDocument } from './lib/scenario/expected-document.js';
import { fromRepo, REPO_ROOT } from './lib/output.js';
import { roleArnOf } from './lib/iam/snapshot.js';
import { ACCOUNT, defineAccount, SEED } from './wild-rydes/account.js';
import { ACTIVITY_END, ACTIVITY_START, generateActivity, OLD_DAY } from './wild-rydes/activity.js';
import { postureBinaries, postureFiles } from './wild-rydes/posture.js';
import { renderReadme } from './wild-rydes/readme.js';

const DAY = 86_400_000;

export interface Example {
  logs: LogFile[];
  iam: JsonObject;
  lambda: JsonObject;
  /** The rest of the inventory pare audit reads (event source mappings, policies, URLs, ACLs). */
  posture: { name: string; value: JsonObject }[];
  packages: { name: string; bytes: Buffer }[];
  expected: JsonObject;
  readme: string;
  eventCount: number;
}

export function buildWildRydes(): Example {
  const prng = new Prng(SEED);
  const account = defineAccount();
  const recorder = new Recorder(ACCOUNT, prng.fork('records'));
  generateActivity(account, recorder, prng.fork('activity'));
  account.builder.recordLastUse(recorder.emitted);

  const until = ACTIVITY_END - 1000;
  const { json: expected, truth } = expectedDocument({
    accountId: ACCOUNT,
    emitted: recorder.emitted,
    window: { since: until - 90 * DAY, until },
    roles: account.builder.roles.map((r) => ({ name: r.name, arn: roleArnOf(ACCOUNT, r) })),
    functionNames: new Set(account.builder.functions.map((f) => f.name)),
    activityFrom: ACTIVITY_START,
    outsideWindowDay: OLD_DAY,
    notes: [
      'iam:PassRole for CreateChangeSet with a roleARN is implied by the request (PassRole itself is never logged).',
    ],
  });
  const logs = deliver(recorder.emitted, { accountId: ACCOUNT }, prng.fork('delivery'));
  return {
    logs,
    iam: account.builder.iam(),
    lambda: account.builder.lambda(),
    posture: postureFiles(account),
    packages: postureBinaries(account),
    expected,
    readme: renderReadme(account, truth, { records: recorder.emitted.length, files: logs.length }),
    eventCount: recorder.emitted.length,
  };
}

export function exampleFolder(example: Example): GeneratedFolder {
  return {
    logs: example.logs,
    logTexts: [],
    files: [
      { name: 'iam.json', value: example.iam },
      { name: 'lambda.json', value: example.lambda },
      { name: 'expected.json', value: example.expected },
      ...example.posture,
      { name: 'README.md', value: example.readme },
    ],
    binaries: example.packages,
  };
}

async function main(argv: string[]): Promise<number> {
  const { out, check } = parseArgs(argv, join(REPO_ROOT, 'examples', 'wild-rydes'));
  const started = performance.now();
  const example = buildWildRydes();
  if (check) {
    const problems = await checkFolder(out, exampleFolder(example));
    for (const p of problems) console.error(p);
    console.log(problems.length === 0 ? `${fromRepo(out)} is up to date` : `${problems.length} differences`);
    return problems.length === 0 ? 0 : 1;
  }
  const summary = await writeFolder(out, exampleFolder(example));
  const ms = Math.round(performance.now() - started);
  console.log(
    `${fromRepo(out)}: ${example.eventCount} records in ${summary.files} log files (${summary.bytes} bytes gzipped) in ${ms} ms`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
