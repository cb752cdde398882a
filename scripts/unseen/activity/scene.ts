/** What the Kestrel Billing activity modules share: clock constants, runtimes, the scheduler. */
import type { Prng } from '../../lib/prng.js';
import type { Recorder } from '../../lib/cloudtrail/record.js';
import type { Scheduler } from '../../lib/scenario/scheduler.js';
import type { UnseenAccount } from '../account.js';
import type { Runtimes } from './runtimes.js';

export interface Scene {
  account: UnseenAccount;
  recorder: Recorder;
  prng: Prng;
  sched: Scheduler;
  rt: Runtimes;
}

import { DAY, HOUR, MINUTE, SECOND } from '../../lib/scenario/clock.js';

export { DAY, HOUR, MINUTE, SECOND };

export const ACTIVITY_START = Date.UTC(2026, 8, 20);
export const ACTIVITY_END = Date.UTC(2026, 9, 4);
export const OLD_DAY = Date.UTC(2026, 5, 20);
export const BURSTS = [9, 11, 14, 16].map((h) => h * HOUR);

export const ymd = (t: number): string => new Date(t).toISOString().slice(0, 10).replace(/-/g, '/');

/** An item key with a random ID, e.g. `{ invoiceId: 'inv_…' }`. */
export const key = (p: Prng, prefix: string): { [k: string]: string } => ({
  [prefix]: `${prefix.slice(0, 3)}_${p.alnum(12)}`,
});
