/** A burst of daytime API traffic: invoices, the ledger, PDFs, payments, webhooks, the customer portal. */
import * as s3 from '../../lib/cloudtrail/s3.js';
import * as ddb from '../../lib/cloudtrail/dynamodb.js';
import * as msg from '../../lib/cloudtrail/messaging.js';
import * as sec from '../../lib/cloudtrail/secrets.js';
import { K } from '../account.js';
import { DAY, key, MINUTE, type Scene, ymd } from './scene.js';

export function daytimeJobs(scene: Scene, workerJob: (t: number) => void) {
  const { sched, prng } = scene;
  const { api, ledgerWriter, pdf, consumer, webhooks, portal } = scene.rt;
  const burst = (t: number): void => {
    const span = (): number => t + prng.int(0, 25 * MINUTE);
    for (let i = prng.poisson(0.8); i > 0; i--) {
      sched.at(span(), (at) => {
        const c = api.create.ctx;
        const items: ddb.TransactItem[] = [
          {
            op: 'Put',
            table: K.invoices,
            key: key(c.prng, 'invoiceId'),
            item: ['invoiceId', 'customerId', 'amount', 'dueDate'],
          },
          {
            op: 'ConditionCheck',
            table: K.customers,
            key: key(c.prng, 'customerId'),
            conditionExpression: 'attribute_exists(customerId)',
          },
        ];
        api.create.call(
          at,
          ddb.transactWriteItems(c, items, c.prng.chance(0.05) ? ddb.TRANSACTION_CANCELED : undefined),
        );
      });
    }
    for (let i = prng.poisson(1); i > 0; i--) {
      sched.at(span(), (at) => {
        const c = api.get.ctx;
        api.get.call(at, ddb.itemCall(c, 'GetItem', K.invoices, key(c.prng, 'invoiceId')));
        if (c.prng.chance(0.5)) {
          const object = `invoices/${ymd(at - c.prng.int(1, 40) * DAY)}/inv_${c.prng.alnum(12)}.pdf`;
          api.get.call(at + 200, s3.getObject(c, K.pdfBucket, object, c.prng.int(40_000, 90_000)));
          api.get.via(
            at + 230,
            's3.amazonaws.com',
            sec.decrypt(c, K.pdfKeyArn, { 'aws:s3:arn': `arn:aws:s3:::${K.pdfBucket}/${object}` }),
          );
        }
      });
    }
    for (let i = prng.poisson(0.7); i > 0; i--)
      sched.at(span(), (at) =>
        api.list.call(at, ddb.query(api.list.ctx, K.invoices, 'customerId = :c', K.invoicesIndex)),
      );
    for (let i = prng.poisson(0.8); i > 0; i--) {
      sched.at(span(), (at) => {
        const c = ledgerWriter.ctx;
        ledgerWriter.call(
          at,
          ddb.itemCall(c, 'PutItem', K.ledger, key(c.prng, 'entryId'), {
            item: ['entryId', 'account', 'amount', 'postedAt'],
          }),
        );
        if (c.prng.chance(0.3))
          ledgerWriter.call(
            at + 300,
            ddb.batchWriteItem(c, [
              { op: 'Put', table: K.ledger, key: key(c.prng, 'entryId') },
              { op: 'Put', table: K.ledger, key: key(c.prng, 'entryId') },
            ]),
          );
      });
    }
    for (let i = prng.poisson(0.6); i > 0; i--) {
      sched.at(span(), (at) => {
        const c = pdf.ctx;
        pdf.call(at, s3.getObject(c, K.templatesBucket, 'templates/invoice-v3.hbs', 18_211));
        const object = `invoices/${ymd(at)}/inv_${c.prng.alnum(12)}.pdf`;
        pdf.call(at + 900, s3.putObject(c, K.pdfBucket, object, c.prng.int(40_000, 90_000), K.pdfKeyArn));
        pdf.via(
          at + 930,
          's3.amazonaws.com',
          sec.generateDataKey(c, K.pdfKeyArn, { 'aws:s3:arn': `arn:aws:s3:::${K.pdfBucket}/${object}` }),
        );
      });
    }
    for (let i = prng.poisson(0.7); i > 0; i--) {
      sched.at(span(), (at) => {
        const c = consumer.ctx;
        consumer.poll(at, msg.receiveMessage(c, K.paymentsQueue));
        const duplicate = c.prng.chance(0.1);
        consumer.call(
          at + 200,
          ddb.itemCall(c, 'UpdateItem', K.payments, key(c.prng, 'paymentId'), {
            updateExpression: 'SET #s = :captured',
            conditionExpression: '#s = :authorised',
            ...(duplicate ? { error: ddb.CONDITIONAL_CHECK_FAILED } : {}),
          }),
        );
        if (!duplicate) {
          consumer.call(
            at + 400,
            ddb.transactWriteItems(c, [
              {
                op: 'Update',
                table: K.invoices,
                key: key(c.prng, 'invoiceId'),
                updateExpression: 'SET paid = :t',
              },
              {
                op: 'Put',
                table: K.payments,
                key: key(c.prng, 'receiptId'),
                item: ['receiptId', 'paymentId', 'amount'],
              },
            ]),
          );
        }
        consumer.poll(at + 600, msg.deleteMessageBatch(c, K.paymentsQueue, 1));
      });
    }
    for (let i = prng.poisson(0.8); i > 0; i--) {
      sched.at(span(), (at) => {
        const c = webhooks.ctx;
        webhooks.call(at, msg.publish(c, K.webhookTopicArn));
        webhooks.call(
          at + 150,
          msg.putEvents(c, K.bus, 'kestrel.billing', 'InvoiceIssued', c.prng.int(1, 3)),
        );
        if (c.prng.chance(0.2)) webhooks.call(at + 300, msg.sendMessage(c, K.webhookQueue));
      });
    }
    for (let i = prng.poisson(1.1); i > 0; i--) {
      sched.at(span(), (at) => {
        const c = portal.ctx;
        portal.call(at, ddb.itemCall(c, 'GetItem', K.customers, key(c.prng, 'customerId')));
        portal.call(at + 120, ddb.query(c, K.invoices, 'customerId = :c', K.invoicesIndex));
      });
    }
    if (prng.chance(0.7)) sched.at(span(), workerJob);
  };

  return { burst };
}
