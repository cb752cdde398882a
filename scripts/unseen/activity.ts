/**
 * Two weeks of Kestrel Billing activity (2026-09-20 … 2026-10-03): four bursts of API traffic a day,
 * nightly jobs, weekday CI deploys through GitHub's OIDC provider, an ECS worker, people in the console,
 * and one function used only on 2026-06-20 (105 days before the end, outside a 90-day window).
 */
import type { Prng } from '../lib/prng.js';
import { noIdentityPolicy, notAuthorized, type Recorder } from '../lib/cloudtrail/record.js';
import * as ddb from '../lib/cloudtrail/dynamodb.js';
import * as msg from '../lib/cloudtrail/messaging.js';
import { consoleLogin, kmsRotateKey } from '../lib/cloudtrail/noise.js';
import { Scheduler } from '../lib/scenario/scheduler.js';
import { ACCOUNT, K, REGION, type UnseenAccount } from './account.js';
import { makeRuntimes } from './activity/runtimes.js';
import {
  ACTIVITY_END,
  ACTIVITY_START,
  BURSTS,
  DAY,
  HOUR,
  MINUTE,
  OLD_DAY,
  SECOND,
} from './activity/scene.js';
import { daytimeJobs } from './activity/daytime.js';
import { nightlyJobs } from './activity/nightly.js';
import { peopleJobs } from './activity/people.js';

export { ACTIVITY_END, ACTIVITY_START, OLD_DAY } from './activity/scene.js';

export function generateActivity(account: UnseenAccount, recorder: Recorder, prng: Prng): void {
  const sched = new Scheduler();
  const rt = makeRuntimes(account, recorder, prng);
  const scene = { account, recorder, prng, sched, rt };
  const { workerJob, ciJob, janeConsole } = peopleJobs(scene);
  const { burst } = daytimeJobs(scene, workerJob);
  const { nightly } = nightlyJobs(scene);
  const { webhooks, reconciler, usage } = rt;

  // Webhooks sometimes try the ops topic they may not publish to (SNS says AuthorizationError).
  const opsAlert = (t: number): void => {
    const session = webhooks.session(t);
    const message = notAuthorized(session, 'SNS:Publish', K.opsTopicArn, noIdentityPolicy('SNS:Publish'));
    webhooks.call(t, msg.publish(webhooks.ctx, K.opsTopicArn, { code: 'AuthorizationError', message }));
  };

  for (let day = ACTIVITY_START; day < ACTIVITY_END; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    for (const hour of BURSTS) if (!weekend || prng.chance(0.5)) burst(day + hour);
    nightly(day);
    if (!weekend) sched.at(day + 10 * HOUR + 30 * MINUTE + prng.int(0, 600) * SECOND, ciJob);
    if (weekday === 2 || weekday === 4) sched.at(day + 15 * HOUR + prng.int(0, 1800) * SECOND, janeConsole);
    if ([1, 3, 5].includes(new Date(day).getUTCDate() % 7)) sched.at(day + 14 * HOUR + 20 * MINUTE, opsAlert);
  }
  sched.at(Date.UTC(2026, 8, 25, 2, 44, 10), (t) =>
    recorder.raw(t, REGION, kmsRotateKey(prng, t, ACCOUNT, REGION, K.pdfKeyArn)),
  );
  sched.at(Date.UTC(2026, 8, 29, 7, 2, 0), (t) => {
    recorder.raw(t, 'us-east-1', {
      ...consoleLogin(
        prng,
        t,
        { accountId: ACCOUNT, userName: 'root', userId: ACCOUNT },
        '203.0.113.9',
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
      ),
      userIdentity: {
        type: 'Root',
        principalId: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:root`,
        accountId: ACCOUNT,
        accessKeyId: '',
      },
    });
  });

  // 105 days before the end: the reconciler's last runs, and the aggregator's one-off reads.
  sched.at(OLD_DAY + 23 * HOUR, (t) => reconciler.session(t));
  sched.at(OLD_DAY + 23 * HOUR + 20 * MINUTE, (t) => {
    for (let i = 0; i < 3; i++)
      usage.call(
        t + i * 500,
        ddb.itemCall(usage.ctx, 'GetItem', K.usage, { tenantDay: `t_0${100 + i}#2026-06-19` }),
      );
  });
  sched.run();
}
