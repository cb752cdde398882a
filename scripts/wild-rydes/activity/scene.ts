/** What the Wild Rydes activity modules share: the account, clock constants, runtimes, the scheduler. */
import type { Prng } from '../../lib/prng.js';
import type { Recorder } from '../../lib/cloudtrail/record.js';
import type { Scheduler } from '../../lib/scenario/scheduler.js';
import { boto3Agent, jsSdkAgent } from '../../lib/scenario/lambda-runtime.js';
import type { WildRydesAccount } from '../account.js';
import type { Runtimes } from './runtimes.js';

export interface Scene {
  account: WildRydesAccount;
  recorder: Recorder;
  prng: Prng;
  sched: Scheduler;
  rt: Runtimes;
}

import { DAY, HOUR, MINUTE, SECOND } from '../../lib/scenario/clock.js';

export { DAY, HOUR, MINUTE, SECOND };

export const ACTIVITY_START = Date.UTC(2026, 9, 30);
/** Exclusive: the last activity is on 2026-11-28. */
export const ACTIVITY_END = Date.UTC(2026, 10, 29);
export const OLD_DAY = Date.UTC(2026, 6, 31);

/** Ride peaks in UTC (morning and evening commutes on the US east coast). */
export const PEAKS: { from: number; to: number; rides: number }[] = [
  { from: 12 * HOUR, to: 12 * HOUR + 30 * MINUTE, rides: 2.5 },
  { from: 22 * HOUR, to: 22 * HOUR + 30 * MINUTE, rides: 2.5 },
];

export const RIDE_ITEM = [
  'RideId',
  'User',
  'UnicornName',
  'Unicorn',
  'RequestTime',
  'PickupLocation',
  'DropoffLocation',
];

export const ymd = (t: number, sep = '/'): string =>
  new Date(t).toISOString().slice(0, 10).replace(/-/g, sep);

export const python = boto3Agent('3.12.7');
export const node = jsSdkAgent('20.17.0');
export const CLI_AGENT =
  'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#sts.assume-role';
export const SERVERLESS_AGENT = 'aws-sdk-nodejs/2.1691.0 darwin/v20.17.0 promise';
export const BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
