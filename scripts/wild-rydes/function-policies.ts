/**
 * Each Wild Rydes function's resource-based policy, as the tool that made it writes it: Serverless and
 * SAM pin the source with aws:SourceArn, Terraform pinned a `*` principal the same way, and the console
 * left one permission open to anyone. The payments webhook has a public function URL.
 */
import { functionArnOf, type FunctionDef } from '../lib/lambda-inventory.js';
import type { JsonObject } from '../lib/cloudtrail/types.js';
import { ACCOUNT, R, REGION, type WildRydesAccount } from './account.js';

const apiArn = (id: string, path: string): string => `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}/${path}`;
const ruleArn = (name: string): string => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`;

function permission(
  fn: FunctionDef,
  sid: string,
  principal: JsonObject | '*',
  condition?: JsonObject,
): JsonObject {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal,
    Action: 'lambda:InvokeFunction',
    Resource: functionArnOf(fn),
    ...(condition ? { Condition: condition } : {}),
  };
}
const service = (name: string): JsonObject => ({ Service: `${name}.amazonaws.com` });
const from = (source: string): JsonObject => ({ ArnLike: { 'AWS:SourceArn': source } });

export function functionPolicies(a: WildRydesAccount): [FunctionDef, JsonObject[]][] {
  const f = a.functions;
  const rideApi = 'k9x2m4p7q1';
  const http = (fn: FunctionDef, logical: string, route: string): [FunctionDef, JsonObject[]] => [
    fn,
    [
      permission(
        fn,
        `${logical}LambdaPermissionApiGateway`,
        service('apigateway'),
        from(apiArn(rideApi, route)),
      ),
    ],
  ];
  const rr = f.rideRecord;
  return [
    http(rr.PutRideRecordHttp, 'PutRideRecordHttp', '*/POST/ride'),
    http(rr.UpdateRideRecord, 'UpdateRideRecord', '*/PUT/ride/*'),
    http(rr.DeleteRideRecord, 'DeleteRideRecord', '*/DELETE/ride/*'),
    http(rr.GetRideRecord, 'GetRideRecord', '*/GET/ride/*'),
    [
      rr.PutRideRecordSns,
      [
        permission(
          rr.PutRideRecordSns,
          'PutRideRecordSnsLambdaPermissionRideRecordTopic',
          service('sns'),
          from(R.rideTopicArn),
        ),
      ],
    ],
    [
      f.thumbnailer,
      [
        permission(
          f.thumbnailer,
          'wild-rydes-media-ThumbnailFunctionUploadPermission-1HB7KQ2VX9M3Z',
          service('s3'),
          {
            StringEquals: { 'AWS:SourceAccount': ACCOUNT },
            ArnLike: { 'AWS:SourceArn': `arn:aws:s3:::${R.uploadsBucket}` },
          },
        ),
      ],
    ],
    // The order processor also answers the shop's order-status API: a second kind of trigger.
    [
      f.orders,
      [
        permission(
          f.orders,
          'AllowShopApi',
          service('apigateway'),
          from(apiArn('3hq8tw5zr2', '*/GET/orders/*')),
        ),
      ],
    ],
    [
      f.reporter,
      [
        permission(
          f.reporter,
          'WildRydesReportingStackDailyScheduleAllowEventRule8F3C2A1B',
          service('events'),
          from(ruleArn('WildRydesReportingStack-DailySchedule7B1D9E2A-1XQ4V8M2N6P0')),
        ),
      ],
    ],
    // Terraform wrote `*`, but the source rule is pinned: restricted, not public.
    [
      f.archiver,
      [permission(f.archiver, 'AllowNightlyArchiveRule', '*', from(ruleArn('wild-rydes-nightly-archive')))],
    ],
    // Added in the console for a quick test and never removed: anyone may invoke it.
    [f.legacy, [permission(f.legacy, 'public-invoke', '*')]],
    [
      f.payments,
      [
        {
          Sid: 'FunctionURLAllowPublicAccess',
          Effect: 'Allow',
          Principal: '*',
          Action: 'lambda:InvokeFunctionUrl',
          Resource: functionArnOf(f.payments),
          Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
        },
        {
          Sid: 'FunctionURLAllowInvokeAction',
          Effect: 'Allow',
          Principal: '*',
          Action: 'lambda:InvokeFunction',
          Resource: functionArnOf(f.payments),
          Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
        },
      ],
    ],
  ];
}
