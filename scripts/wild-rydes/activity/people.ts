/** People: a developer deploying through the CI role (and CloudFormation's service role), people in the console. */
import { iamUserIdentity, onBehalfOf, roleSessionIdentity } from '../../lib/cloudtrail/record.js';
import * as s3 from '../../lib/cloudtrail/s3.js';
import * as msg from '../../lib/cloudtrail/messaging.js';
import * as platform from '../../lib/cloudtrail/platform.js';
import { consoleLogin } from '../../lib/cloudtrail/noise.js';
import type { Actor, Call, JsonObject, RoleSession } from '../../lib/cloudtrail/types.js';
import type { RoleRef } from '../../lib/scenario/lambda-runtime.js';
import { longTermAccessKey, temporaryAccessKey } from '../../lib/scenario/ids.js';
import { ACCOUNT, DR_REGION, R, REGION, RIDE_RECORD_FUNCTIONS, rideRecordFunctionName } from '../account.js';
import { BROWSER, CLI_AGENT, HOUR, SECOND, SERVERLESS_AGENT, type Scene, ymd } from './scene.js';

export function peopleJobs(scene: Scene) {
  const { account, recorder, prng } = scene;
  const { roles } = account;
  const base = { accountId: ACCOUNT, region: REGION };

  // --- CI: a developer assumes the deploy role; CloudFormation uses its service role ----------------
  const danaKey = longTermAccessKey(prng, 'dana.dev');
  const danaCliIp = '198.51.100.23';
  const danaUser = { accountId: ACCOUNT, ...account.users.dana };
  const stackArn = platform.stackArn(base, R.rideRecordStack.name, R.rideRecordStack.id);
  const ciDeployJob = (t: number): void => {
    const c: s3.Ctx = { ...base, prng };
    const ciSession: RoleSession = {
      accountId: ACCOUNT,
      roleName: roles.ciDeploy.name,
      roleArn: roles.ciDeploy.arn,
      roleId: roles.ciDeploy.id,
      sessionName: 'dana.dev',
      accessKeyId: temporaryAccessKey(prng),
      creationDate: Math.floor(t / 1000) * 1000,
    };
    const cli: Actor = {
      identity: iamUserIdentity(danaUser, danaKey),
      sourceIPAddress: danaCliIp,
      userAgent: CLI_AGENT,
      tls: true,
    };
    recorder.emit(
      t,
      cli,
      assumeRole(
        c,
        roles.ciDeploy,
        'dana.dev',
        ciSession.accessKeyId,
        t,
        `arn:aws:iam::${ACCOUNT}:mfa/dana.dev`,
      ),
    );
    const sls: Actor = {
      identity: roleSessionIdentity(ciSession, true),
      sourceIPAddress: danaCliIp,
      userAgent: SERVERLESS_AGENT,
      session: ciSession,
      tls: true,
    };
    const stamp = `${t}-${new Date(t).toISOString().replace(/[-:.]/g, '').slice(0, 15)}`;
    const prefix = `serverless/wild-rydes-ride-record/dev/${stamp}`;
    const templateURL = `https://s3.amazonaws.com/${R.deploymentBucket}/${prefix}/compiled-cloudformation-template.json`;
    const cfn = (
      name: string,
      params: JsonObject,
      readOnly: boolean,
      response: JsonObject | null = null,
      extra: Call['needs'] = [],
    ): Call =>
      platform.cloudFormationCall(
        c,
        name,
        params,
        readOnly,
        [{ action: `cloudformation:${name}`, resource: stackArn }, ...extra],
        response,
      );
    let at = t + 4 * SECOND;
    const step = (call: Call, gap = 1500): void => {
      recorder.emit(at, sls, call);
      at += gap;
    };
    step(cfn('DescribeStacks', { stackName: R.rideRecordStack.name }, true));
    step(s3.listObjectsV2({ ...c, prng }, R.deploymentBucket, 'serverless/wild-rydes-ride-record/dev'));
    step(
      s3.putObject(
        c,
        R.deploymentBucket,
        `${prefix}/compiled-cloudformation-template.json`,
        prng.int(24_000, 26_000),
      ),
    );
    step(
      s3.putObject(
        c,
        R.deploymentBucket,
        `${prefix}/wild-rydes-ride-record.zip`,
        prng.int(5_100_000, 5_400_000),
      ),
      6000,
    );
    step(
      platform.cloudFormationCall(c, 'ValidateTemplate', { templateURL }, true, [
        { action: 'cloudformation:ValidateTemplate', resource: '*' },
      ]),
    );
    const changeSetName = `wild-rydes-ride-record-dev-change-set`;
    step(
      cfn(
        'CreateChangeSet',
        {
          stackName: R.rideRecordStack.name,
          templateURL,
          changeSetName,
          changeSetType: 'UPDATE',
          capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
          roleARN: roles.cfnDeploy.arn,
          parameters: [],
          tags: [{ key: 'STAGE', value: 'dev' }],
        },
        false,
        {
          id: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:changeSet/${changeSetName}/${prng.uuid()}`,
          stackId: stackArn,
        },
        [{ action: 'iam:PassRole', resource: roles.cfnDeploy.arn }],
      ),
      5000,
    );
    step(cfn('DescribeChangeSet', { changeSetName, stackName: R.rideRecordStack.name }, true), 5000);
    step(cfn('DescribeChangeSet', { changeSetName, stackName: R.rideRecordStack.name }, true));
    step(cfn('ExecuteChangeSet', { changeSetName, stackName: R.rideRecordStack.name }, false), 3000);
    cloudFormationUpdates(at, `${prefix}/wild-rydes-ride-record.zip`);
    at += 25 * SECOND;
    step(cfn('DescribeStacks', { stackName: R.rideRecordStack.name }, true), 20 * SECOND);
    step(cfn('DescribeStacks', { stackName: R.rideRecordStack.name }, true));
    if (ymd(t) === '2026/11/12') {
      const west: s3.Ctx = { ...c, region: DR_REGION };
      const drArn = platform.stackArn(west, R.drStack.name, R.drStack.id);
      for (let i = 0; i < 2; i++) {
        step(
          platform.cloudFormationCall(west, 'DescribeStacks', { stackName: R.drStack.name }, true, [
            { action: 'cloudformation:DescribeStacks', resource: drArn },
          ]),
        );
      }
    }
  };

  const cloudFormationUpdates = (t: number, s3Key: string): void => {
    const c: s3.Ctx = { ...base, prng };
    const session: RoleSession = {
      accountId: ACCOUNT,
      roleName: roles.cfnDeploy.name,
      roleArn: roles.cfnDeploy.arn,
      roleId: roles.cfnDeploy.id,
      sessionName: 'AWSCloudFormation',
      accessKeyId: temporaryAccessKey(prng),
      creationDate: Math.floor(t / 1000) * 1000,
    };
    const service: Actor = {
      identity: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' },
      sourceIPAddress: 'cloudformation.amazonaws.com',
      userAgent: 'cloudformation.amazonaws.com',
      tls: false,
    };
    recorder.emit(t, service, {
      ...platform.lambdaAssumesRole(
        c,
        roles.cfnDeploy.arn,
        'AWSCloudFormation',
        session.accessKeyId,
        t + HOUR,
      ),
    });
    let at = t + 2 * SECOND;
    for (const f of RIDE_RECORD_FUNCTIONS) {
      recorder.emit(
        at,
        onBehalfOf(session, 'cloudformation.amazonaws.com'),
        platform.updateFunctionCode(c, rideRecordFunctionName(f), R.deploymentBucket, s3Key, at),
      );
      at += 1200;
    }
  };

  // --- people in the console --------------------------------------------------------------------------
  const consoleActor = (user: { userName: string; userId: string }, since: number, ip: string): Actor => ({
    identity: iamUserIdentity({ accountId: ACCOUNT, ...user }, temporaryAccessKey(prng), since),
    sourceIPAddress: ip,
    userAgent: 'AWS Internal',
    tls: true,
    fromConsole: true,
  });
  const consoleCall = (source: string, name: string, params: JsonObject | null, region = REGION): Call => ({
    eventSource: source,
    eventName: name,
    region,
    readOnly: true,
    category: 'Management',
    requestParameters: params,
    responseElements: null,
    host: `${source.split('.')[0]}.${region}.amazonaws.com`,
    needs: [],
  });
  const danaConsole = (t: number): void => {
    const ip = '203.0.113.42';
    recorder.raw(t, 'us-east-1', consoleLogin(prng, t, danaUser, ip, BROWSER));
    const actor = consoleActor(account.users.dana, t, ip);
    const fn = rideRecordFunctionName(prng.pick(RIDE_RECORD_FUNCTIONS));
    const calls = [
      consoleCall('lambda.amazonaws.com', 'ListFunctions20150331', null),
      consoleCall('lambda.amazonaws.com', 'GetFunction20150331v2', { functionName: fn }),
      consoleCall('logs.amazonaws.com', 'DescribeLogStreams', {
        logGroupName: `/aws/lambda/${fn}`,
        orderBy: 'LastEventTime',
        descending: true,
        limit: 50,
      }),
      consoleCall('dynamodb.amazonaws.com', 'DescribeTable', { tableName: R.rideTable }),
    ];
    calls.forEach((call, i) => recorder.emit(t + (i + 1) * 40 * SECOND, actor, call));
  };

  const miguelUser = { accountId: ACCOUNT, ...account.users.miguel };
  const miguelConsole = (t: number, west: boolean): void => {
    const ip = '192.0.2.77';
    recorder.raw(t, 'us-east-1', consoleLogin(prng, t, miguelUser, ip, BROWSER));
    const actor = consoleActor(account.users.miguel, t, ip);
    recorder.emit(t + 30 * SECOND, actor, {
      ...consoleCall('iam.amazonaws.com', 'ListRoles', { maxItems: 1000 }),
      host: 'iam.amazonaws.com',
    });
    recorder.emit(t + 70 * SECOND, actor, {
      ...consoleCall('iam.amazonaws.com', 'GetRole', { roleName: roles.deployer.name }),
      host: 'iam.amazonaws.com',
    });
    recorder.emit(t + 95 * SECOND, actor, {
      ...consoleCall('iam.amazonaws.com', 'GetRolePolicy', {
        roleName: roles.deployer.name,
        policyName: 'canary-deployer',
      }),
      host: 'iam.amazonaws.com',
    });
    if (west)
      recorder.emit(
        t + 160 * SECOND,
        actor,
        consoleCall('ec2.amazonaws.com', 'DescribeInstances', { instancesSet: {}, filterSet: {} }, DR_REGION),
      );
  };

  return { ciDeployJob, danaConsole, miguelConsole };
}

function assumeRole(
  c: s3.Ctx,
  role: RoleRef,
  sessionName: string,
  accessKeyId: string,
  t: number,
  mfa: string,
): Call {
  return {
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    region: c.region,
    readOnly: true,
    category: 'Management',
    requestParameters: {
      roleArn: role.arn,
      roleSessionName: sessionName,
      durationSeconds: 3600,
      serialNumber: mfa,
    },
    responseElements: {
      credentials: {
        accessKeyId,
        sessionToken: platform.sessionToken(c.prng),
        expiration: msg.javaDate(t + HOUR),
      },
      assumedRoleUser: {
        assumedRoleId: `${role.id}:${sessionName}`,
        arn: `arn:aws:sts::${c.accountId}:assumed-role/${role.name}/${sessionName}`,
      },
    },
    resources: [{ accountId: c.accountId, type: 'AWS::IAM::Role', ARN: role.arn }],
    sharedEventID: c.prng.uuid(),
    host: `sts.${c.region}.amazonaws.com`,
    needs: [],
  };
}
