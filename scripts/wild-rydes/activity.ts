/**
 * Thirty days of Wild Rydes activity (2026-10-30 … 2026-11-28, two ride peaks a day, nightly jobs, weekly
 * deploys) plus a few calls on 2026-07-31, 120 days before the end, which a 90-day window must leave out.
 */
import type { Prng } from '../lib/prng.js';
import type { Recorder } from '../lib/cloudtrail/record.js';
import * as s3 from '../lib/cloudtrail/s3.js';
import * as msg from '../lib/cloudtrail/messaging.js';
import { kmsRotateKey } from '../lib/cloudtrail/noise.js';
import { Scheduler } from '../lib/scenario/scheduler.js';
import { ACCOUNT, R, REGION, type WildRydesAccount } from './account.js';
import { makeRuntimes } from './activity/runtimes.js';
import { ACTIVITY_END, ACTIVITY_START, DAY, HOUR, MINUTE, OLD_DAY, PEAKS, SECOND } from './activity/scene.js';
import { trafficJobs } from './activity/traffic.js';
import { scheduledJobs } from './activity/scheduled.js';
import { peopleJobs } from './activity/people.js';

export { ACTIVITY_END, ACTIVITY_START, OLD_DAY } from './activity/scene.js';

export function generateActivity(account: WildRydesAccount, recorder: Recorder, prng: Prng): void {
  const sched = new Scheduler();
  const rt = makeRuntimes(account, recorder, prng);
  const scene = { account, recorder, prng, sched, rt };
  const { rideJob, thumbnailJob, orderJob, paymentJob } = trafficJobs(scene);
  const { reportJob, archiveJob, deployJob } = scheduledJobs(scene);
  const { ciDeployJob, danaConsole, miguelConsole } = peopleJobs(scene);
  const { orders, legacy, writeRecord } = rt;

  // --- peaks -----------------------------------------------------------------------------------------
  for (let day = ACTIVITY_START; day < ACTIVITY_END; day += DAY) {
    const weekend = [0, 6].includes(new Date(day).getUTCDay());
    for (const peak of PEAKS) {
      const scale = weekend ? 0.7 : 1;
      const at = (): number => day + prng.int(peak.from, peak.to);
      for (let i = prng.poisson(peak.rides * scale); i > 0; i--) sched.at(at(), rideJob);
      for (let i = prng.poisson(0.4 * scale); i > 0; i--) sched.at(at(), thumbnailJob);
      for (let i = prng.poisson(0.4 * scale); i > 0; i--) sched.at(at(), orderJob);
      for (let i = prng.poisson(0.4 * scale); i > 0; i--) sched.at(at(), paymentJob);
      // Long polls that came back empty (most of them are not worth a record here).
      const polls = prng.int(0, 1);
      for (let i = 0; i < polls; i++)
        sched.at(at(), (t) => orders.poll(t, msg.receiveMessage(orders.ctx, R.ordersQueue)));
    }
    sched.at(day + 2 * HOUR + prng.int(15, 19) * MINUTE, (t) =>
      orders.poll(t, msg.getQueueAttributes(orders.ctx, R.ordersQueue)),
    );
    sched.at(day + 2 * HOUR + 20 * MINUTE + prng.int(2, 9) * SECOND, (t) => reportJob(t));
    sched.at(day + 2 * HOUR + 15 * MINUTE + prng.int(0, 30) * SECOND, (t) => archiveJob(t));
    const weekday = new Date(day).getUTCDay();
    if (weekday === 2) sched.at(day + 14 * HOUR + prng.int(0, 20) * MINUTE, (t) => deployJob(t));
    if (weekday === 1 || weekday === 4)
      sched.at(day + 14 * HOUR + prng.int(0, 20) * MINUTE, (t) => ciDeployJob(t));
    if ([1, 3, 5].includes(weekday))
      sched.at(day + 14 * HOUR + 30 * MINUTE + prng.int(0, 15) * MINUTE, (t) => danaConsole(t));
  }

  sched.at(Date.UTC(2026, 10, 4, 19, 12, 5), (t) => miguelConsole(t, false));
  sched.at(Date.UTC(2026, 10, 18, 20, 3, 41), (t) => miguelConsole(t, true));
  sched.at(Date.UTC(2026, 10, 26, 18, 47, 2), (t) => miguelConsole(t, false));

  // --- AWS services on their own ----------------------------------------------------------------------
  sched.at(Date.UTC(2026, 10, 15, 3, 12, 44), (t) =>
    recorder.raw(t, REGION, kmsRotateKey(prng, t, ACCOUNT, REGION, R.secretsKeyArn)),
  );

  // --- 120 days before the end: outside the default 90-day window --------------------------------------
  for (const minute of [2, 5, 31]) {
    sched.at(OLD_DAY + 14 * HOUR + minute * MINUTE, () => {
      // Invocations only write logs (not logged); the first one starts the environment.
      legacy.session(OLD_DAY + 14 * HOUR + minute * MINUTE);
    });
  }
  sched.at(OLD_DAY + 15 * HOUR + 10 * MINUTE, (t) => {
    const c = writeRecord.ctx;
    writeRecord.call(t, s3.listObjectsV2(c, R.dataLakeBucket, 'rides/2026/07/'));
    for (let i = 1; i <= 3; i++)
      writeRecord.call(
        t + i * 2000,
        s3.getObject(c, R.dataLakeBucket, `rides/2026/07/30/${c.prng.uuid()}.json`, c.prng.int(700, 1400)),
      );
  });
  sched.at(OLD_DAY + 16 * HOUR + 4 * MINUTE, (t) => danaConsole(t));

  sched.run();
}
