/** The functions' runtimes; two of them fetch a secret (decrypted by Secrets Manager with KMS) at cold start. */
import type { Prng } from '../../lib/prng.js';
import type { Recorder } from '../../lib/cloudtrail/record.js';
import * as sec from '../../lib/cloudtrail/secrets.js';
import {
  boto3Agent,
  jsSdkAgent,
  LambdaRuntime,
  type FunctionRuntimeConfig,
} from '../../lib/scenario/lambda-runtime.js';
import { ACCOUNT, K, REGION, type UnseenAccount } from '../account.js';

export type Runtimes = ReturnType<typeof makeRuntimes>;

export function makeRuntimes(account: UnseenAccount, recorder: Recorder, prng: Prng) {
  const { roles, fns } = account;
  const py = boto3Agent('3.13.1');
  const js = jsSdkAgent('22.11.0');
  const rt = (
    name: string,
    agent: (s: string) => string,
    extra: Partial<Pick<FunctionRuntimeConfig, 'coldStart' | 'triesCreateLogGroup'>> = {},
  ): LambdaRuntime => {
    const fn = fns[name];
    if (!fn) throw new Error(`no function ${name}`);
    const role = Object.values(roles).find((r) => r.arn === fn.roleArn);
    if (!role) throw new Error(`no role for ${name}`);
    return new LambdaRuntime(recorder, prng.fork(name), {
      accountId: ACCOUNT,
      region: REGION,
      functionName: name,
      role,
      logGroup: `/aws/lambda/${name}`,
      sdkAgent: agent,
      triesCreateLogGroup: extra.triesCreateLogGroup ?? true,
      idleMinutes: [120, 480],
      maxLifetimeHours: 10,
      ...(extra.coldStart ? { coldStart: extra.coldStart } : {}),
    });
  };

  const api = {
    create: rt('billing-api-prod-createInvoice', js, { triesCreateLogGroup: false }),
    get: rt('billing-api-prod-getInvoice', js, { triesCreateLogGroup: false }),
    list: rt('billing-api-prod-listInvoices', js, { triesCreateLogGroup: false }),
  };
  const ledgerWriter = rt('ledger-writer', py);
  const compactor = rt('ledger-compactor', py);
  const pdf = rt('billing-pdf-RendererFunction-a1B2c3D4e5F6', js);
  const consumer = rt('payment-events-consumer', py);
  const fx = rt('fx-rates-fetcher', py, {
    coldStart: (t, r) => {
      r.call(t, sec.getSecretValue(r.ctx, K.fxSecretArn, K.fxSecretArn));
      r.via(
        t + 20,
        'secretsmanager.amazonaws.com',
        sec.decrypt(r.ctx, K.secretsKeyArn, {
          SecretARN: K.fxSecretArn,
          SecretVersionId: 'EXAMPLE2-90ab-cdef-fedc-ba987SECRET2',
        }),
      );
    },
  });
  const audit = rt('AuditExportStack-Exporter9A8B7C6D-pQ4rS5tU6vW7', py);
  const cleanup = rt('tenant-cleanup', py);
  const usage = rt('billing-usage-AggregatorFunction-z9Y8x7W6v5U4', py);
  const webhooks = rt('webhook-dispatcher', js);
  const reconciler = rt('legacy-reconciler', boto3Agent('3.8.20'));
  const portal = rt('customer-portal-backend', js, {
    coldStart: (t, r) => {
      r.call(t, sec.getSecretValue(r.ctx, K.portalSecretName, K.portalSecretArn));
      r.via(
        t + 20,
        'secretsmanager.amazonaws.com',
        sec.decrypt(r.ctx, K.secretsKeyArn, {
          SecretARN: K.portalSecretArn,
          SecretVersionId: 'EXAMPLE3-90ab-cdef-fedc-ba987SECRET3',
        }),
      );
      r.call(t + 90, sec.getParametersByPath(r.ctx, K.portalPath, false));
    },
  });
  const archive = rt('invoice-archive-compactor', py);

  return {
    api,
    ledgerWriter,
    compactor,
    pdf,
    consumer,
    fx,
    audit,
    cleanup,
    usage,
    webhooks,
    reconciler,
    portal,
    archive,
  };
}
