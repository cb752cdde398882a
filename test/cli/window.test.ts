import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWindow } from '../../src/cli/window.js';
import { UsageError } from '../../src/errors.js';

const now = (): Date => new Date('2026-12-01T08:00:00.000Z');

test('the default window is the last 90 days of the data', () => {
  assert.deepEqual(parseWindow(undefined, undefined, now), { since: { days: 90 }, until: 'end-of-data' });
});

test('durations, dates and times', () => {
  assert.deepEqual(parseWindow('30d', undefined, now).since, { days: 30 });
  assert.deepEqual(parseWindow('2w', undefined, now).since, { days: 14 });
  assert.deepEqual(parseWindow('2026-08-01', '2026-11-01', now), {
    since: { at: '2026-08-01T00:00:00.000Z' },
    until: { at: '2026-11-01T23:59:59.999Z' },
  });
  assert.deepEqual(parseWindow(undefined, 'now', now).until, { at: '2026-12-01T08:00:00.000Z' });
  assert.deepEqual(parseWindow('2026-11-30T12:00:00+01:00', undefined, now).since, {
    at: '2026-11-30T11:00:00.000Z',
  });
});

test('bad values are usage errors that name the flag', () => {
  assert.throws(
    () => parseWindow('yesterday', undefined, now),
    (e: unknown) => e instanceof UsageError && /--since yesterday/.test(e.message),
  );
  assert.throws(() => parseWindow(undefined, 'soon', now), /--until soon/);
  assert.throws(() => parseWindow('0d', undefined, now), /at least one day/);
  assert.throws(() => parseWindow('2026-11-02', '2026-11-01', now), /after --until/);
});
