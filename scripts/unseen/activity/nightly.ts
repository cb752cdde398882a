/** Nightly jobs: ledger compaction, usage aggregation, the audit export (boundary), tenant cleanup (Deny), the archive, FX rates. */
import * as s3 from '../../lib/cloudtrail/s3.js';
import * as ddb from '../../lib/cloudtrail/dynamodb.js';
import * as sec from '../../lib/cloudtrail/secrets.js';
import { EXPLICIT_DENY, notAuthorized } from '../../lib/cloudtrail/record.js';
import { ACCOUNT, K, REGION } from '../account.js';
import { DAY, HOUR, key, MINUTE, type Scene, SECOND, ymd } from './scene.js';

export function nightlyJobs(scene: Scene) {
  const { sched, prng } = scene;
  const { compactor, usage, audit, cleanup, archive, fx } = scene.rt;
  const nightly = (day: number): void => {
    sched.at(day + HOUR + prng.int(0, 120) * SECOND, (t) => {
      const c = compactor.ctx;
      compactor.call(t, ddb.query(c, K.ledger, 'account = :a AND postedAt < :cutoff'));
      compactor.call(
        t + 2000,
        ddb.batchWriteItem(
          c,
          [1, 2, 3].map(() => ({ op: 'Delete' as const, table: K.ledger, key: key(c.prng, 'entryId') })),
        ),
      );
      compactor.call(t + 2600, ddb.itemCall(c, 'DeleteItem', K.ledger, { entryId: 'cursor' }));
      compactor.call(t + 3000, s3.listObjectsV2(c, K.snapshotsBucket, 'snapshots/'));
      compactor.call(
        t + 3400,
        s3.getObject(c, K.snapshotsBucket, `snapshots/${ymd(t - DAY)}/ledger.parquet`, 31_000_000),
      );
      let at = t + 9000;
      for (const call of s3.multipartUpload(
        c,
        K.snapshotsBucket,
        `snapshots/${ymd(t)}/ledger.parquet`,
        3,
        10_485_760,
      )) {
        compactor.call(at, call);
        at += 1500;
      }
    });
    sched.at(day + 30 * MINUTE + prng.int(0, 60) * SECOND, (t) => {
      const c = usage.ctx;
      usage.call(t, ddb.scan(c, K.usage, false));
      usage.call(t + 1500, ddb.scan(c, K.usage, true));
      usage.call(t + 3000, ddb.query(c, K.usage, 'tenantDay = :d', K.usageIndex));
      usage.call(
        t + 4000,
        ddb.batchWriteItem(c, [{ op: 'Put', table: K.aggregates, key: key(c.prng, 'aggregateId') }]),
      );
      usage.call(
        t + 4500,
        ddb.itemCall(
          c,
          'UpdateItem',
          K.aggregates,
          { aggregateId: 'totals' },
          { updateExpression: 'ADD invoices :n' },
        ),
      );
    });
    sched.at(day + 3 * HOUR + prng.int(0, 60) * SECOND, (t) => {
      const c = audit.ctx;
      const prefix = `trail/${ymd(t - DAY)}/`;
      audit.call(t, s3.listObjectsV2(c, K.auditBucket, prefix));
      audit.call(t + 800, s3.getObject(c, K.auditBucket, `${prefix}part-0000.json.gz`, 2_400_000));
      audit.call(t + 1600, s3.getObject(c, K.auditBucket, `${prefix}part-0001.json.gz`, 2_100_000));
      audit.call(
        t + 5000,
        s3.putObject(c, K.exportBucket, `deliveries/${ymd(t - DAY)}/audit.json.gz`, 4_300_000),
      );
      // The identity policy allows s3:* but the boundary denies deletion.
      audit.call(
        t + 5600,
        s3.deleteObject(c, K.auditBucket, `${prefix}part-0000.json.gz`, s3.S3_ACCESS_DENIED),
      );
    });
    sched.at(day + 4 * HOUR + prng.int(0, 60) * SECOND, (t) => {
      const c = cleanup.ctx;
      cleanup.call(t, ddb.query(c, K.tenants, 'tenantStatus = :closed', 'by-status'));
      cleanup.call(t + 500, ddb.itemCall(c, 'DeleteItem', K.tenants, key(c.prng, 'tenantId')));
      cleanup.call(t + 900, s3.listObjectsV2(c, K.exportBucket, 'tenants/'));
      cleanup.call(
        t + 1300,
        s3.deleteObject(c, K.exportBucket, `tenants/t_${c.prng.int(100, 999)}/export.csv`),
      );
      if (['2026/09/23', '2026/09/30'].includes(ymd(t))) {
        const table = `kestrel-tenant-t_0${c.prng.int(100, 999)}`;
        const resource = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}`;
        const message = notAuthorized(cleanup.session(t), 'dynamodb:DeleteTable', resource, EXPLICIT_DENY);
        cleanup.call(t + 1800, ddb.deleteTable(c, table, { code: 'AccessDeniedException', message }));
      }
    });
    sched.at(day + 5 * HOUR + prng.int(0, 60) * SECOND, (t) => {
      const c = archive.ctx;
      const month = new Date(t - 90 * DAY).toISOString().slice(0, 7).replace('-', '/');
      archive.call(t, s3.listObjectsV2(c, K.pdfBucket, `invoices/${month}/`));
      for (let i = 0, n = c.prng.int(1, 2); i < n; i++) {
        const object = `invoices/${month}/${String(c.prng.int(1, 28)).padStart(2, '0')}/inv_${c.prng.alnum(12)}.pdf`;
        const copy = s3.copyObject(
          c,
          { bucket: K.pdfBucket, key: object },
          { bucket: K.archiveBucket, key: object },
          K.pdfKeyArn,
        );
        copy.requestParameters = { ...copy.requestParameters, 'x-amz-storage-class': 'GLACIER_IR' };
        const at = t + 1000 + i * 3000;
        archive.call(at, copy);
        archive.via(
          at + 40,
          's3.amazonaws.com',
          sec.decrypt(c, K.pdfKeyArn, { 'aws:s3:arn': `arn:aws:s3:::${K.pdfBucket}/${object}` }),
        );
        archive.via(
          at + 60,
          's3.amazonaws.com',
          sec.generateDataKey(c, K.pdfKeyArn, { 'aws:s3:arn': `arn:aws:s3:::${K.archiveBucket}/${object}` }),
        );
        archive.call(at + 900, s3.deleteObject(c, K.pdfBucket, object));
      }
    });
    for (const hour of [0, 6, 12, 18]) {
      sched.at(day + hour * HOUR + 5 * MINUTE, (t) => {
        const c = fx.ctx;
        fx.call(t, sec.getParameter(c, K.fxParameter, false));
        fx.call(
          t + 1200,
          ddb.batchWriteItem(
            c,
            ['EUR', 'GBP', 'USD'].map((ccy) => ({
              op: 'Put' as const,
              table: K.rates,
              key: { pair: `${ccy}-${ymd(t)}` },
            })),
          ),
        );
      });
    }
  };

  return { nightly };
}
