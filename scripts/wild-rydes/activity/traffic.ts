/** Riders' traffic in the peaks: rides (and the data lake behind the ride table's stream), photos, orders, payments. */
import * as s3 from '../../lib/cloudtrail/s3.js';
import * as ddb from '../../lib/cloudtrail/dynamodb.js';
import * as msg from '../../lib/cloudtrail/messaging.js';
import * as sec from '../../lib/cloudtrail/secrets.js';
import { R } from '../account.js';
import { MINUTE, RIDE_ITEM, SECOND, type Scene, ymd } from './scene.js';

export function trafficJobs(scene: Scene) {
  const { sched, prng } = scene;
  const { ride, writeRecord, thumbnailer, orders, payments } = scene.rt;

  // --- ride-record and the data lake behind its stream -------------------------------------------
  let iteratorDay = '';
  const streamRecord = (t: number): void =>
    sched.at(t + prng.int(800, 2500), (at) => {
      const c = writeRecord.ctx;
      const day = ymd(at);
      if (day !== iteratorDay) {
        iteratorDay = day;
        writeRecord.poll(at - 400, ddb.describeStream(c, R.rideStreamArn));
        writeRecord.poll(at - 300, ddb.getShardIterator(c, R.rideStreamArn, R.rideShard, R.rideTable));
      }
      writeRecord.poll(at, ddb.getRecords(c, R.rideStreamArn, R.rideTable));
      const key = `rides/${ymd(at)}/${c.prng.uuid()}.json`;
      writeRecord.call(
        at + prng.int(150, 600),
        s3.putObject(c, R.dataLakeBucket, key, c.prng.int(700, 1400)),
      );
    });

  const rideJob = (t: number): void => {
    const rideId = prng.uuid();
    const key = { RideId: rideId };
    const put = prng.chance(0.65) ? ride.PutRideRecordHttp : ride.PutRideRecordSns;
    put.call(t, ddb.itemCall(put.ctx, 'PutItem', R.rideTable, key, { item: RIDE_ITEM }));
    streamRecord(t);
    if (prng.chance(0.6)) {
      sched.at(t + prng.int(30, 300) * SECOND, (at) =>
        ride.GetRideRecord.call(at, ddb.itemCall(ride.GetRideRecord.ctx, 'GetItem', R.rideTable, key)),
      );
    }
    if (prng.chance(0.45)) {
      sched.at(t + prng.int(5, 20) * MINUTE, (at) => {
        const failed = prng.chance(0.08);
        ride.UpdateRideRecord.call(
          at,
          ddb.itemCall(
            ride.UpdateRideRecord.ctx,
            'UpdateItem',
            R.rideTable,
            failed ? { RideId: prng.uuid() } : key,
            {
              updateExpression: 'SET RideStatus = :s, UpdatedAt = :u',
              conditionExpression: 'attribute_exists(RideId)',
              ...(failed ? { error: ddb.CONDITIONAL_CHECK_FAILED } : {}),
            },
          ),
        );
        if (!failed) streamRecord(at);
      });
    }
    if (prng.chance(0.04)) {
      sched.at(t + prng.int(30, 60) * MINUTE, (at) => {
        ride.DeleteRideRecord.call(
          at,
          ddb.itemCall(ride.DeleteRideRecord.ctx, 'DeleteItem', R.rideTable, key),
        );
        streamRecord(at);
      });
    }
  };

  // --- media thumbnails ------------------------------------------------------------------------------
  const thumbnailJob = (t: number): void => {
    const c = thumbnailer.ctx;
    const id = c.prng.uuid();
    const source = `uploads/${c.prng.pick(['riders', 'unicorns'])}/${id}.jpg`;
    if (c.prng.chance(0.05)) {
      thumbnailer.call(t, s3.getObject(c, R.uploadsBucket, source, 0, s3.NO_SUCH_KEY));
      return;
    }
    thumbnailer.call(t, s3.headObject(c, R.uploadsBucket, source));
    thumbnailer.call(t + 120, s3.getObject(c, R.uploadsBucket, source, c.prng.int(900_000, 4_800_000)));
    let at = t + 1400;
    const kms = (key: string): void =>
      thumbnailer.via(
        at + 40,
        's3.amazonaws.com',
        sec.generateDataKey(c, R.mediaKeyArn, { 'aws:s3:arn': `arn:aws:s3:::${R.thumbnailsBucket}/${key}` }),
      );
    for (const size of [128, 512]) {
      const key = `thumbs/${size}/${id}.jpg`;
      thumbnailer.call(
        at,
        s3.putObject(c, R.thumbnailsBucket, key, size * c.prng.int(40, 90), R.mediaKeyArn),
      );
      kms(key);
      at += 350;
    }
    if (c.prng.chance(0.15)) {
      const key = `thumbs/2048/${id}.jpg`;
      const calls = s3.multipartUpload(c, R.thumbnailsBucket, key, 2, 5_242_880, R.mediaKeyArn);
      calls.forEach((call, i) => {
        thumbnailer.call(at, call);
        if (i === 0) kms(key);
        at += 300;
      });
    }
    if (c.prng.chance(0.2)) {
      const key = `originals/${id}.jpg`;
      thumbnailer.call(
        at,
        s3.copyObject(
          c,
          { bucket: R.uploadsBucket, key: source },
          { bucket: R.thumbnailsBucket, key },
          R.mediaKeyArn,
        ),
      );
      kms(key);
    }
  };

  // --- merchandise orders ----------------------------------------------------------------------------
  const orderJob = (t: number): void => {
    const c = orders.ctx;
    orders.poll(t, msg.receiveMessage(c, R.ordersQueue));
    const orderId = `ord_${c.prng.alnum(14)}`;
    const riderId = `rider_${c.prng.int(1000, 9999)}`;
    orders.call(t + 300, ddb.query(c, R.ordersTable, 'riderId = :r', R.ordersIndex));
    const promo = c.prng.chance(0.3);
    const items: ddb.TransactItem[] = [
      {
        op: 'Put',
        table: R.ordersTable,
        key: { orderId },
        item: ['orderId', 'riderId', 'total', 'currency', 'status'],
        conditionExpression: 'attribute_not_exists(orderId)',
      },
      { op: 'Update', table: R.ridersTable, key: { riderId }, updateExpression: 'ADD orderCount :one' },
    ];
    if (promo)
      items.push({
        op: 'ConditionCheck',
        table: R.promoTable,
        key: { code: `UNICORN${c.prng.int(10, 99)}` },
        conditionExpression: 'attribute_exists(code)',
      });
    const canceled = c.prng.chance(0.06);
    orders.call(t + 520, ddb.transactWriteItems(c, items, canceled ? ddb.TRANSACTION_CANCELED : undefined));
    if (!canceled) {
      const lines: ddb.WriteRequest[] = [];
      for (let i = 1, n = c.prng.int(1, 4); i <= n; i++)
        lines.push({
          op: 'Put',
          table: R.orderItemsTable,
          key: { orderId, line: i },
          item: ['orderId', 'line', 'sku', 'quantity'],
        });
      orders.call(t + 700, ddb.batchWriteItem(c, lines));
      orders.call(t + 850, msg.sendMessage(c, R.fulfilmentQueue));
      orders.call(t + 930, msg.publish(c, R.orderTopicArn));
    }
    orders.poll(t + 1100, msg.deleteMessageBatch(c, R.ordersQueue, 1));
  };

  // --- payments webhooks (in a VPC, through the DynamoDB gateway endpoint) ----------------------------
  const paymentJob = (t: number): void => {
    const c = payments.ctx;
    const key = { paymentId: `pi_${c.prng.alnum(24)}` };
    const duplicate = c.prng.chance(0.1);
    payments.call(
      t,
      ddb.itemCall(c, 'PutItem', R.paymentsTable, key, {
        item: ['paymentId', 'orderId', 'amount', 'currency', 'status', 'receivedAt'],
        conditionExpression: 'attribute_not_exists(paymentId)',
        ...(duplicate ? { error: ddb.CONDITIONAL_CHECK_FAILED } : {}),
      }),
    );
    if (!duplicate) {
      payments.call(
        t + 210,
        ddb.itemCall(c, 'UpdateItem', R.paymentsTable, key, { updateExpression: 'SET #st = :settled' }),
      );
    }
  };

  return { rideJob, thumbnailJob, orderJob, paymentJob };
}
