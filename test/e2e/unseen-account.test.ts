import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { analyzeAccount, type AccountRun } from '../helpers/analyze.js';
import { ROOT } from '../helpers/cli.js';
import {
  assertComplete,
  assertNeverWider,
  assertUsageMatches,
  type ExpectedAccount,
} from '../helpers/promise.js';

/**
 * An account pare was not written against (test/fixtures/accounts/unseen: an organisation trail, a
 * `.jsonl` export and a LookupEvents file, 15 roles, shared roles, managed policies, a boundary, Denies,
 * data events, noise, refused calls, events outside the window): the same promise as on the example.
 */
const ACCOUNT = join(ROOT, 'test/fixtures/accounts/unseen');
const expected = JSON.parse(readFileSync(join(ACCOUNT, 'expected.json'), 'utf8')) as ExpectedAccount;
let account: AccountRun;
before(async () => {
  account = await analyzeAccount(ACCOUNT, { perFunction: true });
});

test('usage read from the logs is what the generator wrote', () => {
  assertUsageMatches(account, expected, { unresolved: {}, notInferred: new Set() });
});

test('every successful observed call stays allowed', () => {
  assertComplete(account, expected);
});

test('nothing outside the grant', () => {
  assertNeverWider(account, expected);
});
