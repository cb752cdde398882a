/** The functions' runtimes: cold starts, sessions, and what each does when a new environment starts. */
import type { Prng } from '../../lib/prng.js';
import type { Recorder } from '../../lib/cloudtrail/record.js';
import * as sec from '../../lib/cloudtrail/secrets.js';
import * as platform from '../../lib/cloudtrail/platform.js';
import {
  type FunctionRuntimeConfig,
  jsSdkAgent,
  LambdaRuntime,
  type RoleRef,
} from '../../lib/scenario/lambda-runtime.js';
import type { FunctionDef } from '../../lib/lambda-inventory.js';
import {
  ACCOUNT,
  R,
  REGION,
  RIDE_RECORD_FUNCTIONS,
  type RideRecordFunction,
  type WildRydesAccount,
} from '../account.js';
import { node, python } from './scene.js';

export type Runtimes = ReturnType<typeof makeRuntimes>;

export function makeRuntimes(account: WildRydesAccount, recorder: Recorder, prng: Prng) {
  const { roles, functions } = account;
  const base = { accountId: ACCOUNT, region: REGION };

  const runtime = (
    fn: FunctionDef,
    role: RoleRef,
    agent: (source: string) => string,
    triesCreateLogGroup: boolean,
    idleMinutes: [number, number],
    extra: Pick<FunctionRuntimeConfig, 'vpc' | 'coldStart' | 'maxLifetimeHours'> = {},
  ): LambdaRuntime =>
    new LambdaRuntime(recorder, prng.fork(fn.name), {
      ...base,
      functionName: fn.name,
      role,
      logGroup: `/aws/lambda/${fn.name}`,
      sdkAgent: agent,
      triesCreateLogGroup,
      idleMinutes,
      ...extra,
    });

  const ride = {} as Record<RideRecordFunction, LambdaRuntime>;
  for (const f of RIDE_RECORD_FUNCTIONS) {
    ride[f] = runtime(functions.rideRecord[f], roles.rideRecord, python, false, [180, 600], {
      maxLifetimeHours: 12,
    });
  }
  const writeRecord = runtime(functions.writeRecord, roles.dataLake, python, false, [180, 600], {
    maxLifetimeHours: 12,
  });
  const thumbnailer = runtime(functions.thumbnailer, roles.thumbnailer, node, true, [120, 480]);
  const orders = runtime(functions.orders, roles.orders, node, true, [180, 600], {
    maxLifetimeHours: 12,
    coldStart: (t, rt) => {
      const c = rt.ctx;
      rt.call(t, sec.getCallerIdentity(c));
      rt.call(t + 180, sec.getSecretValue(c, R.stripeSecretName, R.stripeSecretArn));
      rt.via(
        t + 190,
        'secretsmanager.amazonaws.com',
        sec.decrypt(c, R.secretsKeyArn, {
          SecretARN: R.stripeSecretArn,
          SecretVersionId: 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1',
        }),
      );
      rt.call(t + 320, sec.getParametersByPath(c, R.ordersParameterPath, true));
      if (rt.prng.chance(0.25)) {
        const missing = { code: 'ParameterNotFound', message: '' };
        rt.call(t + 400, sec.getParameter(c, R.missingParameter, false, missing));
      }
    },
  });
  const reporter = runtime(functions.reporter, roles.reporter, python, true, [5, 15]);
  const archiver = runtime(functions.archiver, roles.archiver, python, true, [5, 15]);
  const deployer = runtime(functions.deployer, roles.deployer, node, true, [5, 15]);
  const legacy = runtime(functions.legacy, roles.legacy, jsSdkAgent('16.20.2'), true, [5, 15]);
  const payments = runtime(functions.payments, roles.payments, node, true, [180, 600], {
    maxLifetimeHours: 12,
    vpc: { endpointId: 'vpce-0d4c3b2a1f0e9d8c7', addressPrefix: '10.20.3.' },
    coldStart: (t, rt) => {
      rt.workerCall(
        t,
        sec.decrypt(rt.ctx, R.envKeyArn, {
          'aws:lambda:FunctionArn': platform.functionArn(rt.ctx, functions.payments.name),
        }),
      );
    },
  });

  return { ride, writeRecord, thumbnailer, orders, reporter, archiver, deployer, legacy, payments };
}
