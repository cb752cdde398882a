import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PATCHERS, patchContext } from '../../src/app/patch.js';
import type { RoleTarget } from '../../src/iac/model.js';
import { planPatches } from '../../src/iac/patch.js';
import type { Finding } from '../../src/model/finding.js';

const ACCOUNT = '123456789012';

function role(
  name: string,
  statements: RoleTarget['policy']['Statement'],
  functions: string[] = [],
): RoleTarget {
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    tags: {},
    functions,
    policy: { Version: '2012-10-17', Statement: statements },
    perFunction: {},
    evidence: { callsBySid: {}, callsByFunction: {}, unused: {} },
  };
}

function publicBucket(bucket: string): Finding {
  return {
    rule: 'public-resource-policy',
    severity: 'high',
    resources: [`arn:aws:s3:::${bucket}`],
    message: `The policy of bucket arn:aws:s3:::${bucket} lets anyone s3:GetObject.`,
  };
}

const SITE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: media-site
      WebsiteConfiguration:
        IndexDocument: index.html
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - Sid: PublicRead
            Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: !Sub '\${Site.Arn}/*'
  Uploads:
    Type: AWS::S3::Bucket
  UploadsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Uploads
      PolicyDocument:
        Statement:
          - Sid: AnyoneReads
            Effect: Allow
            Principal:
              AWS: '*'
            Action: s3:GetObject
            Resource: !Sub '\${Uploads.Arn}/*'
          - Sid: FromTheOrg
            Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: !Sub '\${Uploads.Arn}/*'
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-abc123
`;

test('public bucket policies: open statements go, conditioned ones stay, a website bucket is left alone', async () => {
  const context = await patchContext([
    publicBucket('media-site'),
    publicBucket('media-uploads-abcdef123456'),
  ]);
  const plan = planPatches([{ path: 'media/template.yaml', text: SITE }], [], [], PATCHERS, context);
  const change = plan.changes[0] ?? assert.fail('no change');
  assert.deepEqual(plan.notes, [
    'media/template.yaml: SitePolicy: left alone, bucket media-site hosts a website (WebsiteConfiguration), public on purpose',
  ]);
  assert.ok(
    change.after.includes(SITE.slice(0, SITE.indexOf('  Uploads:'))),
    'the website bucket is unchanged',
  );
  assert.doesNotMatch(change.after, /AnyoneReads/);
  assert.match(
    change.after,
    /Statement:\n {10}- Sid: FromTheOrg\n {12}Effect: Allow\n {12}Principal: "\*"\n {12}Action: s3:GetObject\n {12}Resource: !Sub \$\{Uploads\.Arn\}\/\*\n/,
  );
  assert.match(change.after, /aws:PrincipalOrgID: o-abc123/);
  assert.match(
    change.edits[0] ?? '',
    /^UploadsPolicy: statements AnyoneReads removed .*finding public-resource-policy/,
  );
  // No finding, no change: a public policy the analysis did not see stays.
  assert.deepEqual(planPatches([{ path: 'media/template.yaml', text: SITE }], [], [], PATCHERS).changes, []);
});

const SAM = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    PermissionsBoundary: arn:aws:iam::${ACCOUNT}:policy/boundary
Resources:
  Thumbs:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Policies:
        - S3CrudPolicy:
            BucketName: !Ref Media
        - SQSSendMessagePolicy:
            QueueName: !GetAtt Jobs.QueueName
  Media:
    Type: AWS::S3::Bucket
  Jobs:
    Type: AWS::SQS::Queue
`;

const FN = 'media-Thumbs-AbCdEf123456';
const LOGS = {
  Effect: 'Allow' as const,
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/${FN}:*`],
};

test('SAM: a template only where it grants exactly what was called; statements otherwise; Globals untouched', async () => {
  const target = role(
    'media-ThumbsRole-1A2B3C4D5E6F',
    [
      {
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::media-media-x1y2z3w4v5u6/uploads/*'],
      },
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: [`arn:aws:sqs:us-east-1:${ACCOUNT}:media-Jobs-Q1W2E3R4T5Y6`],
      },
      // A queue in another region is not the stack's: no template covers it.
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:media-Jobs-Q1W2E3R4T5Y6`],
      },
      LOGS,
    ],
    [FN],
  );
  const plan = planPatches(
    [{ path: 'template.yaml', text: SAM }],
    [target],
    [],
    PATCHERS,
    await patchContext([]),
  );
  const change = plan.changes[0] ?? assert.fail('no change');
  assert.ok(change.after.startsWith(SAM.slice(0, SAM.indexOf('Resources:'))), 'Globals are not written');
  assert.match(
    change.after,
    /Policies:\n {8}- SQSSendMessagePolicy:\n {12}QueueName: !GetAtt Jobs\.QueueName\n {8}- Statement:\n {12}- Effect: Allow\n {14}Action:\n {16}- s3:GetObject\n {14}Resource: !Sub \$\{Media\.Arn\}\/uploads\/\*\n {12}- Effect: Allow\n {14}Action:\n {16}- sqs:SendMessage\n {14}Resource: arn:aws:sqs:eu-west-1:/,
  );
  // S3ReadPolicy would also grant s3:ListBucket and more, not called: the call stays a statement.
  assert.doesNotMatch(change.after, /S3ReadPolicy|S3CrudPolicy/);
  assert.match(change.edits[0] ?? '', /SQSSendMessagePolicy kept/);
  assert.match(change.edits[1] ?? '', /^Thumbs: PermissionsBoundary .* comes from Globals\.Function/);
  // Without the template data, statements as before.
  const plain = planPatches([{ path: 'template.yaml', text: SAM }], [target], [], PATCHERS);
  assert.match(plain.changes[0]?.after ?? '', /Policies:\n {8}- Statement:\n/);
});

test('SAM: a template never widens what the function had (no S3CrudPolicy from nothing)', async () => {
  const text = SAM.replace(/ {8}- S3CrudPolicy:\n {12}BucketName: !Ref Media\n/, '');
  const target = role(
    'media-ThumbsRole-1A2B3C4D5E6F',
    [
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::media-media-x1y2z3w4v5u6/a'] },
      LOGS,
    ],
    [FN],
  );
  const plan = planPatches([{ path: 'template.yaml', text }], [target], [], PATCHERS, await patchContext([]));
  assert.doesNotMatch(plan.changes[0]?.after ?? '', /S3ReadPolicy|S3CrudPolicy/);
});
