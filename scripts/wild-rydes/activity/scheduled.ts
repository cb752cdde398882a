/** Scheduled work: the nightly report, the receipts archiver, the weekly canary deploy. */
import * as s3 from '../../lib/cloudtrail/s3.js';
import * as ddb from '../../lib/cloudtrail/dynamodb.js';
import * as msg from '../../lib/cloudtrail/messaging.js';
import * as sec from '../../lib/cloudtrail/secrets.js';
import * as platform from '../../lib/cloudtrail/platform.js';
import { noIdentityPolicy, notAuthorized } from '../../lib/cloudtrail/record.js';
import { DR_REGION, R, RIDE_RECORD_FUNCTIONS, rideRecordFunctionName } from '../account.js';
import { ACTIVITY_START, DAY, type Scene, ymd } from './scene.js';

export function scheduledJobs(scene: Scene) {
  const { roles } = scene.account;
  const { reporter, archiver, deployer } = scene.rt;

  // --- the nightly report (scheduled; permissions boundary) --------------------------------------------
  const reportJob = (t: number): void => {
    const c = reporter.ctx;
    const pages = c.prng.int(1, 2);
    for (let p = 0; p < pages; p++) reporter.call(t + p * 900, ddb.scan(c, R.rideTable, p > 0));
    const name = `daily-report-${ymd(t, '-')}`;
    reporter.call(t + 3000, msg.startExecution(c, R.reportStateMachineArn, name, t + 3000));
    const execution = `${R.reportStateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    reporter.call(t + 63_000, msg.describeExecution(c, execution));
    reporter.call(t + 63_400, msg.putEvents(c, 'default', 'wild-rydes.reporting', 'DailyReportReady', 1));
    reporter.call(t + 63_700, msg.putRecords(c, R.metricsStream, c.prng.int(20, 60)));
    if (['2026/11/12', '2026/11/19'].includes(ymd(t))) {
      const west = { ...c, region: DR_REGION };
      reporter.call(t + 64_100, msg.putRecords(west, R.drMetricsStream, c.prng.int(20, 60)));
    }
  };

  // --- the receipts archiver (explicit Deny, a Condition) ---------------------------------------------
  const archiveJob = (t: number): void => {
    const c = archiver.ctx;
    const yesterday = ymd(t - DAY);
    archiver.call(t, s3.listObjectsV2(c, R.receiptsBucket, `receipts/${yesterday}/`));
    let at = t + 600;
    for (let i = 0, n = c.prng.int(1, 3); i < n; i++) {
      const id = `rcpt_${c.prng.alnum(12)}`;
      const source = { bucket: R.receiptsBucket, key: `receipts/${yesterday}/${id}.pdf` };
      const target = { bucket: R.archiveBucket, key: `${yesterday}/${id}.pdf` };
      archiver.call(at, s3.copyObject(c, source, target, R.archiveKeyArn));
      archiver.via(
        at + 60,
        's3.amazonaws.com',
        sec.generateDataKey(c, R.archiveKeyArn, {
          'aws:s3:arn': `arn:aws:s3:::${target.bucket}/${target.key}`,
        }),
      );
      // The job deletes the original once; the Deny refuses it and the job leaves the rest alone.
      if (i === 0)
        archiver.call(at + 400, s3.deleteObject(c, source.bucket, source.key, s3.S3_ACCESS_DENIED));
      at += 900;
    }
  };

  // --- the canary deployer (iam:PassRole and lambda:UpdateFunctionCode on *) -------------------------
  const deployJob = (t: number): void => {
    const c = deployer.ctx;
    const build = `ride-record/${ymd(t, '')}-${c.prng.hex(7)}/function.zip`;
    deployer.call(t, s3.headObject(c, R.artifactsBucket, build));
    let at = t + 500;
    const version = Math.floor((t - ACTIVITY_START) / (7 * DAY)) + 11;
    for (const f of RIDE_RECORD_FUNCTIONS) {
      const name = rideRecordFunctionName(f);
      deployer.call(at, platform.getFunction(c, name));
      deployer.call(at + 300, platform.updateFunctionCode(c, name, R.artifactsBucket, build, at + 300));
      deployer.call(at + 4300, platform.publishVersion(c, name, version));
      at += 5000;
    }
    const day = ymd(t);
    const session = deployer.session(at);
    if (day === '2026/11/10' || day === '2026/11/17') {
      const target = rideRecordFunctionName('GetRideRecord');
      const resource = platform.functionArn(c, target);
      const message = notAuthorized(
        session,
        'lambda:UpdateFunctionConfiguration',
        resource,
        noIdentityPolicy('lambda:UpdateFunctionConfiguration'),
      );
      deployer.call(
        at,
        platform.updateFunctionConfiguration(
          c,
          target,
          { environment: { variables: 'HIDDEN_DUE_TO_SECURITY_REASONS' } },
          { code: 'AccessDeniedException', message },
        ),
      );
    }
    if (day === '2026/11/24') {
      const roleArn = roles.rideRecord.arn;
      const message = notAuthorized(
        session,
        'iam:GetRole',
        `role ${roles.rideRecord.name}`,
        noIdentityPolicy('iam:GetRole'),
      );
      deployer.call(
        at,
        platform.iamCall(c, 'GetRole', { roleName: roles.rideRecord.name }, 'iam:GetRole', roleArn, true, {
          code: 'AccessDenied',
          message,
        }),
      );
      const missing = {
        code: 'ResourceNotFoundException',
        message: `Function not found: ${platform.functionArn(c, R.missingFunction)}`,
      };
      deployer.call(at + 700, platform.getFunction(c, R.missingFunction, missing));
    }
  };

  return { reportJob, archiveJob, deployJob };
}
