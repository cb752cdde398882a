import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PATCHERS } from '../../src/app/patch.js';
import type { RoleTarget } from '../../src/iac/model.js';
import { planPatches } from '../../src/iac/patch.js';
import { ServerlessVariables } from '../../src/iac/serverless-variables.js';

const FILE = {
  service: 'rides',
  custom: {
    stage: "${opt:stage, env:SLS_STAGE, 'dev'}",
    tables: { dev: 'rides-dev-table', prod: 'rides-prod-table' },
    loop: '${self:custom.loop}',
  },
  provider: { stage: '${self:custom.stage}', region: "${opt:region, 'eu-west-1'}" },
};

test('${self:…}, ${opt:…} with fallbacks, ${sls:stage}, ${aws:…}, nested, bounded', () => {
  const vars = new ServerlessVariables(FILE);
  assert.equal(vars.resolve('${self:service}-${sls:stage}-${aws:region}'), 'rides-dev-eu-west-1');
  const prod = vars.with({ stage: 'prod', region: 'us-east-1', accountId: '123456789012' });
  assert.equal(prod.resolve('${self:service}-${self:provider.stage}'), 'rides-prod');
  assert.equal(prod.resolve('${self:custom.tables.${sls:stage}}'), 'rides-prod-table');
  assert.equal(
    prod.resolve('arn:aws:sqs:${aws:region}:${aws:accountId}:q'),
    'arn:aws:sqs:us-east-1:123456789012:q',
  );
  assert.equal(prod.resolve("${opt:bucket, 'a,b'}"), 'a,b');
  // What the file and the deploy cannot say is unknown, never guessed.
  assert.equal(vars.resolve('${env:TABLE}'), undefined);
  assert.equal(vars.resolve('${ssm:/rides/table}-x'), undefined);
  assert.equal(vars.resolve('${aws:accountId}'), undefined);
  assert.equal(vars.resolve('${self:custom.loop}'), undefined);
});

function role(name: string, statements: RoleTarget['policy']['Statement']): RoleTarget {
  return {
    name,
    arn: `arn:aws:iam::123456789012:role/${name}`,
    tags: {},
    functions: [],
    policy: { Version: '2012-10-17', Statement: statements },
    perFunction: {},
    evidence: { callsBySid: {}, callsByFunction: {}, unused: {} },
  };
}

const RIDES = `service: \${self:custom.name}
custom:
  name: rides
provider:
  name: aws
  stage: \${opt:stage, 'dev'}
  iamRoleStatements:
    - Effect: Allow
      Action: 'dynamodb:*'
      Resource: '*'
resources:
  Resources:
    RidesTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${self:service}-rides-\${sls:stage}
    OtherTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${env:OTHER_TABLE}
`;

test('a variable service name resolves the role; a variable TableName becomes the table reference', () => {
  const put = (table: string) => ({
    Effect: 'Allow' as const,
    Action: ['dynamodb:PutItem'],
    Resource: [`arn:aws:dynamodb:us-east-1:123456789012:table/${table}`],
  });
  const target = role('rides-prod-us-east-1-lambdaRole', [put('rides-rides-prod'), put('other')]);
  const plan = planPatches([{ path: 'serverless.yml', text: RIDES }], [target], [], PATCHERS);
  assert.equal(plan.resolutions[0]?.by, 'serverless-naming');
  const after = plan.changes[0]?.after ?? assert.fail('no change');
  assert.match(after, /Resource:\n {8}Fn::GetAtt:\n {10}- RidesTable\n {10}- Arn\n/);
  // ${env:…} is unknown: the other table stays an ARN rather than a guessed reference.
  assert.match(after, /Resource: arn:aws:dynamodb:us-east-1:123456789012:table\/other\n/);
});

test('an unresolvable service name leaves the role unresolved', () => {
  const text = RIDES.replace('${self:custom.name}', '${env:SERVICE}');
  const plan = planPatches(
    [{ path: 'serverless.yml', text }],
    [role('rides-dev-us-east-1-lambdaRole', [])],
    [],
    PATCHERS,
  );
  assert.deepEqual(plan.unresolved, ['rides-dev-us-east-1-lambdaRole']);
});
