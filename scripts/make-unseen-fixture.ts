/**
 * Regenerates test/fixtures/accounts/unseen/, the account pare's end-to-end test has never been tuned
 * on: an organization trail's layout (AWSLogs/o-abcd1234/210987654321/CloudTrail/…), plus one day
 * exported as JSON lines (with a few records that are also in the trail files: sources overlap, event
 * IDs dedupe) and one day the trail missed, recovered with LookupEvents (management events only; that
 * day's data events are lost and are not in the truth).
 *
 *   node --import tsx scripts/make-unseen-fixture.ts [--out DIR] [--check]
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Prng } from './lib/prng.js';
import { Recorder } from './lib/cloudtrail/record.js';
import type { Emitted } from './lib/cloudtrail/types.js';
import { deliver } from './lib/trail-writer.js';
import { checkFolder, type GeneratedFolder, parseArgs, writeFolder } from './lib/generated-folder.js';
import { expectedDocument } from './lib/scenario/expected-document.js';
import { lookupEventsOutput } from './lib/lookup-events.js';
import { fromRepo, REPO_ROOT } from './lib/output.js';
import { roleArnOf } from './lib/iam/snapshot.js';
import { ACCOUNT, defineAccount, ORG, SEED } from './unseen/account.js';
import { ACTIVITY_END, ACTIVITY_START, generateActivity, OLD_DAY } from './unseen/activity.js';

const DAY = 86_400_000;
const GAP_DAY = '2026-09-27';
const JSONL_DAY = '2026-10-01';
const JSONL_PATH = `exports/cloudwatch-${JSONL_DAY}.jsonl`;
const LOOKUP_PATH = `lookup-events/${GAP_DAY}.json`;
const DUPLICATES = 4;

const dayOf = (e: Emitted): string => new Date(e.time).toISOString().slice(0, 10);

export function buildUnseen(): { folder: GeneratedFolder; records: number } {
  const prng = new Prng(SEED);
  const account = defineAccount();
  const recorder = new Recorder(ACCOUNT, prng.fork('records'));
  generateActivity(account, recorder, prng.fork('activity'));

  // The trail was off on GAP_DAY: its data events were never recorded.
  const kept = recorder.emitted.filter((e) => dayOf(e) !== GAP_DAY || e.record['eventCategory'] !== 'Data');
  account.builder.recordLastUse(kept);
  const lookup = kept.filter((e) => dayOf(e) === GAP_DAY);
  const jsonl = kept.filter((e) => dayOf(e) === JSONL_DAY).sort((a, b) => a.time - b.time);
  const trail = kept.filter((e) => dayOf(e) !== GAP_DAY && dayOf(e) !== JSONL_DAY);
  const pick = prng.fork('duplicates');
  const dayBefore = trail.filter((e) => dayOf(e) === '2026-09-30');
  const duplicates = Array.from({ length: DUPLICATES }, () => pick.pick(dayBefore));

  const until = ACTIVITY_END - 1000;
  const { json: expected } = expectedDocument({
    accountId: ACCOUNT,
    emitted: kept,
    window: { since: until - 90 * DAY, until },
    roles: account.builder.roles.map((r) => ({ name: r.name, arn: roleArnOf(ACCOUNT, r) })),
    functionNames: new Set(account.builder.functions.map((f) => f.name)),
    activityFrom: ACTIVITY_START,
    outsideWindowDay: OLD_DAY,
    inputs: {
      trail: `logs/AWSLogs/${ORG}/${ACCOUNT}/CloudTrail/ (organization trail layout, .json.gz)`,
      jsonLines: `logs/${JSONL_PATH}: every record of ${JSONL_DAY}, plus ${DUPLICATES} records also in the trail files (same eventID: count them once)`,
      lookupEvents: `logs/${LOOKUP_PATH}: aws cloudtrail lookup-events output for ${GAP_DAY}, when the trail was off (management events only)`,
      distinctRecords: kept.length,
    },
  });
  const logs = deliver(trail, { accountId: ACCOUNT, organizationId: ORG }, prng.fork('delivery'));
  const lines = [...jsonl, ...duplicates].map((e) => JSON.stringify(e.record)).join('\n');
  const folder: GeneratedFolder = {
    logs,
    logTexts: [
      { path: JSONL_PATH, text: `${lines}\n` },
      {
        path: LOOKUP_PATH,
        text: `${JSON.stringify(lookupEventsOutput(lookup.map((e) => e.record)), null, 4)}\n`,
      },
    ],
    files: [
      { name: 'iam.json', value: account.builder.iam() },
      { name: 'lambda.json', value: account.builder.lambda() },
      { name: 'expected.json', value: expected },
      { name: 'README.md', value: readme(kept.length, logs.length) },
    ],
  };
  return { folder, records: kept.length };
}

function readme(records: number, files: number): string {
  return [
    '# unseen: Kestrel Billing (210987654321, eu-west-1)',
    '',
    'A second generated account for the end-to-end test, different from examples/wild-rydes in names, region, layout and shapes. Do not tune pare on it: the test checks that every `observed` pair in `expected.json` is allowed by the generated policy of its role, that no `denied` pair and no `outsideWindow`-only pair is granted, and that nothing is wider than the role’s grants (boundary and Deny included).',
    '',
    `- \`logs/AWSLogs/${ORG}/${ACCOUNT}/CloudTrail/\`: an organization trail’s files (${files} files).`,
    `- \`logs/${JSONL_PATH}\`: one day as JSON lines, with ${DUPLICATES} records that are also in the trail files.`,
    `- \`logs/${LOOKUP_PATH}\`: LookupEvents output for a day the trail missed.`,
    `- ${records} distinct records; activity 2026-09-20 to 2026-10-03, plus 2026-06-20 (outside a 90-day window).`,
    '- `iam.json` (get-account-authorization-details), `lambda.json` (list-functions, with a `Tags` map per function), `expected.json` (the truth).',
    '',
    'Fifteen roles: two shared by several functions (`billing-api-prod-eu-west-1-lambdaRole`, `ledger-shared-exec`), an ECS task role whose sessions are task IDs, a CI role assumed with web identity (GitHub OIDC), a break-glass role never used, a console-created role used only before the window; a permissions boundary (`kestrel-lambda-boundary`), explicit Denies, Conditions, customer managed policies with several versions.',
    '',
    'Regenerate with `node --import tsx scripts/make-unseen-fixture.ts` (`--check` compares instead).',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { out, check } = parseArgs(argv, join(REPO_ROOT, 'test', 'fixtures', 'accounts', 'unseen'));
  const started = performance.now();
  const { folder, records } = buildUnseen();
  if (check) {
    const problems = await checkFolder(out, folder);
    for (const p of problems) console.error(p);
    console.log(problems.length === 0 ? `${fromRepo(out)} is up to date` : `${problems.length} differences`);
    return problems.length === 0 ? 0 : 1;
  }
  const summary = await writeFolder(out, folder);
  const ms = Math.round(performance.now() - started);
  console.log(
    `${fromRepo(out)}: ${records} records, ${summary.files} trail files (${summary.bytes} bytes gzipped) in ${ms} ms`,
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
