/** Principals that are not functions: an ECS task role, CI through GitHub's OIDC provider, a person in the console. */
import { iamUserIdentity, roleSessionIdentity } from '../../lib/cloudtrail/record.js';
import * as s3 from '../../lib/cloudtrail/s3.js';
import * as ddb from '../../lib/cloudtrail/dynamodb.js';
import * as msg from '../../lib/cloudtrail/messaging.js';
import * as platform from '../../lib/cloudtrail/platform.js';
import { consoleLogin } from '../../lib/cloudtrail/noise.js';
import type { Actor, Call, RoleSession } from '../../lib/cloudtrail/types.js';
import { temporaryAccessKey } from '../../lib/scenario/ids.js';
import { ACCOUNT, K, REGION } from '../account.js';
import { HOUR, type Scene, SECOND } from './scene.js';

export function peopleJobs(scene: Scene) {
  const { account, recorder, prng } = scene;
  const { roles } = account;
  // An ECS task role: sessions are task IDs, not function names.
  let task: RoleSession | undefined;
  const workerPrng = prng.fork('worker');
  const workerJob = (t: number): void => {
    const c: s3.Ctx = { accountId: ACCOUNT, region: REGION, prng: workerPrng };
    if (!task || t - task.creationDate > 6 * HOUR) {
      const taskId = workerPrng.hex(32);
      task = {
        accountId: ACCOUNT,
        roleName: roles.worker.name,
        roleArn: roles.worker.arn,
        roleId: roles.worker.id,
        sessionName: taskId,
        accessKeyId: temporaryAccessKey(workerPrng),
        creationDate: Math.floor((t - 4000) / 1000) * 1000,
      };
      const ecs: Actor = {
        identity: { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' },
        sourceIPAddress: 'ecs-tasks.amazonaws.com',
        userAgent: 'ecs-tasks.amazonaws.com',
        tls: false,
      };
      recorder.emit(
        t - 4000,
        ecs,
        platform.lambdaAssumesRole(c, roles.worker.arn, taskId, task.accessKeyId, t + 6 * HOUR),
      );
    }
    const actor: Actor = {
      identity: roleSessionIdentity(task),
      sourceIPAddress: '10.42.7.19',
      userAgent:
        'Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.8 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.35.0',
      session: task,
      tls: true,
      vpcEndpointId: 'vpce-0a1b2c3d4e5f6a7b8',
    };
    const jobKey = { jobId: `job_${workerPrng.alnum(10)}` };
    const calls: Call[] = [
      {
        ...msg.receiveMessage(c, K.jobsQueue),
        requestParameters: {
          queueUrl: msg.queueUrl(c, K.jobsQueue),
          maxNumberOfMessages: 1,
          waitTimeSeconds: 10,
        },
      },
      s3.getObject(c, K.exportBucket, `jobs/${jobKey.jobId}/input.csv`, workerPrng.int(2000, 90_000)),
      ddb.itemCall(c, 'UpdateItem', K.jobs, jobKey, { updateExpression: 'SET #s = :done' }),
      {
        ...msg.deleteMessageBatch(c, K.jobsQueue, 1),
        eventName: 'DeleteMessage',
        requestParameters: {
          queueUrl: msg.queueUrl(c, K.jobsQueue),
          receiptHandle: 'HIDDEN_DUE_TO_SECURITY_REASONS',
        },
      },
    ];
    calls.forEach((call, i) =>
      recorder.emit(
        t + i * 700,
        call.eventSource === 's3.amazonaws.com' ? { ...actor, userAgent: `[${actor.userAgent}]` } : actor,
        call,
      ),
    );
  };

  // CI through GitHub's OIDC provider.
  const oidc = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const ciJob = (t: number): void => {
    const c: s3.Ctx = { accountId: ACCOUNT, region: REGION, prng };
    const session: RoleSession = {
      accountId: ACCOUNT,
      roleName: roles.ci.name,
      roleArn: roles.ci.arn,
      roleId: roles.ci.id,
      sessionName: 'GitHubActions',
      accessKeyId: temporaryAccessKey(prng),
      creationDate: Math.floor(t / 1000) * 1000,
    };
    const subject = 'repo:kestrel/billing:ref:refs/heads/main';
    recorder.emit(
      t,
      {
        identity: {
          type: 'WebIdentityUser',
          principalId: `${oidc}:sts.amazonaws.com:${subject}`,
          userName: subject,
          identityProvider: oidc,
        },
        sourceIPAddress: '140.82.112.21',
        userAgent:
          'aws-sdk-js/3.693.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.18.0 api/sts#3.693.0 m/E,e',
        tls: true,
      },
      {
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRoleWithWebIdentity',
        region: REGION,
        readOnly: true,
        category: 'Management',
        requestParameters: { roleArn: roles.ci.arn, roleSessionName: 'GitHubActions', durationSeconds: 3600 },
        responseElements: {
          credentials: {
            accessKeyId: session.accessKeyId,
            sessionToken: platform.sessionToken(prng),
            expiration: msg.javaDate(t + HOUR),
          },
          subjectFromWebIdentityToken: subject,
          assumedRoleUser: {
            assumedRoleId: `${roles.ci.id}:GitHubActions`,
            arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roles.ci.name}/GitHubActions`,
          },
          provider: oidc,
          audience: 'sts.amazonaws.com',
        },
        resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: roles.ci.arn }],
        host: `sts.${REGION}.amazonaws.com`,
        needs: [],
      },
    );
    const identity = roleSessionIdentity(session);
    (identity['sessionContext'] as { webIdFederationData: unknown }).webIdFederationData = {
      federatedProvider: oidc,
      attributes: {},
    };
    const actor: Actor = {
      identity,
      sourceIPAddress: '140.82.112.21',
      userAgent:
        'aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe',
      session,
      tls: true,
    };
    const sha = prng.hex(12);
    let at = t + 3000;
    const step = (call: Call): void => {
      recorder.emit(at, actor, call);
      at += 2500;
    };
    step({ ...s3.putObject(c, K.artifactsBucket, `billing-api/${sha}.zip`, prng.int(3_000_000, 3_200_000)) });
    for (const f of ['createInvoice', 'getInvoice', 'listInvoices']) {
      const name = `billing-api-prod-${f}`;
      step(platform.updateFunctionCode(c, name, K.artifactsBucket, `billing-api/${sha}.zip`, at));
      step(platform.getFunction(c, name));
    }
    const stack = platform.stackArn(c, K.billingStack.name, K.billingStack.id);
    step(
      platform.cloudFormationCall(c, 'DescribeStacks', { stackName: K.billingStack.name }, true, [
        { action: 'cloudformation:DescribeStacks', resource: stack },
      ]),
    );
  };

  const jane = { accountId: ACCOUNT, ...account.user };
  const janeConsole = (t: number): void => {
    recorder.raw(
      t,
      'us-east-1',
      consoleLogin(
        prng,
        t,
        jane,
        '198.51.100.80',
        'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
      ),
    );
    const actor: Actor = {
      identity: iamUserIdentity(jane, temporaryAccessKey(prng), t),
      sourceIPAddress: '198.51.100.80',
      userAgent: 'AWS Internal',
      tls: true,
      fromConsole: true,
    };
    const view = (
      source: string,
      name: string,
      params: Call['requestParameters'],
      region = REGION,
    ): Call => ({
      eventSource: source,
      eventName: name,
      region,
      readOnly: true,
      category: 'Management',
      requestParameters: params,
      needs: [],
    });
    recorder.emit(
      t + 40 * SECOND,
      actor,
      view('dynamodb.amazonaws.com', 'DescribeTable', { tableName: K.invoices }),
    );
    recorder.emit(t + 75 * SECOND, actor, view('lambda.amazonaws.com', 'ListFunctions20150331', null));
    recorder.emit(t + 130 * SECOND, actor, view('iam.amazonaws.com', 'ListRoles', null, 'us-east-1'));
  };

  return { workerJob, ciJob, janeConsole };
}
