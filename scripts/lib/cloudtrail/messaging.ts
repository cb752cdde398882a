/**
 * Amazon SQS, SNS, EventBridge, Kinesis Data Streams and Step Functions calls. SQS message calls, SNS
 * Publish, EventBridge PutEvents and Kinesis record calls are data events (their services' "Logging …
 * with CloudTrail" pages) and name their resource in resources[]; payloads are logged as
 * HIDDEN_DUE_TO_SECURITY_REASONS. SNS refuses with `AuthorizationError`, not AccessDenied.
 */
import type { Ctx } from './s3.js';
import type { Call, JsonObject } from './types.js';

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

export const queueArn = (ctx: Ctx, queue: string): string =>
  `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${queue}`;
export const queueUrl = (ctx: Ctx, queue: string): string =>
  `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${queue}`;

function sqsCall(
  ctx: Ctx,
  eventName: string,
  action: string,
  queue: string,
  params: JsonObject,
  category: 'Management' | 'Data',
  readOnly: boolean,
  response: JsonObject | null = null,
): Call {
  return {
    eventSource: 'sqs.amazonaws.com',
    eventName,
    region: ctx.region,
    readOnly,
    category,
    requestParameters: { queueUrl: queueUrl(ctx, queue), ...params },
    responseElements: response,
    ...(category === 'Data'
      ? { resources: [{ accountId: ctx.accountId, type: 'AWS::SQS::Queue', ARN: queueArn(ctx, queue) }] }
      : {}),
    host: `sqs.${ctx.region}.amazonaws.com`,
    needs: [{ action, resource: queueArn(ctx, queue) }],
  };
}

export function sendMessage(ctx: Ctx, queue: string): Call {
  return sqsCall(ctx, 'SendMessage', 'sqs:SendMessage', queue, { messageBody: HIDDEN }, 'Data', false, {
    mD5OfMessageBody: ctx.prng.hex(32),
    messageId: ctx.prng.uuid(),
  });
}

/** Long poll by a Lambda event source mapping. */
export function receiveMessage(ctx: Ctx, queue: string): Call {
  const params = {
    maxNumberOfMessages: 10,
    waitTimeSeconds: 20,
    attributeNames: ['All'],
    messageAttributeNames: ['All'],
  };
  return sqsCall(ctx, 'ReceiveMessage', 'sqs:ReceiveMessage', queue, params, 'Data', true);
}

/** DeleteMessageBatch is authorised as sqs:DeleteMessage: there is no batch action in IAM. */
export function deleteMessageBatch(ctx: Ctx, queue: string, count: number): Call {
  const entries: JsonObject[] = [];
  for (let i = 0; i < count; i++) entries.push({ id: ctx.prng.uuid() });
  return sqsCall(ctx, 'DeleteMessageBatch', 'sqs:DeleteMessage', queue, { entries }, 'Data', false);
}

export function getQueueAttributes(ctx: Ctx, queue: string): Call {
  const params = { attributeNames: ['VisibilityTimeout', 'RedrivePolicy'] };
  return sqsCall(ctx, 'GetQueueAttributes', 'sqs:GetQueueAttributes', queue, params, 'Management', true);
}

export function publish(ctx: Ctx, topicArn: string, error?: { code: string; message: string }): Call {
  return {
    eventSource: 'sns.amazonaws.com',
    eventName: 'Publish',
    region: ctx.region,
    readOnly: false,
    category: 'Data',
    requestParameters: { topicArn, message: HIDDEN, messageAttributes: HIDDEN },
    responseElements: error ? null : { messageId: ctx.prng.uuid() },
    resources: [{ accountId: ctx.accountId, type: 'AWS::SNS::Topic', ARN: topicArn }],
    host: `sns.${ctx.region}.amazonaws.com`,
    ...(error ? { error } : {}),
    needs: [{ action: 'sns:Publish', resource: topicArn }],
  };
}

export function putEvents(ctx: Ctx, bus: string, source: string, detailType: string, count: number): Call {
  const busArn = `arn:aws:events:${ctx.region}:${ctx.accountId}:event-bus/${bus}`;
  const entries: JsonObject[] = [];
  for (let i = 0; i < count; i++) entries.push({ source, detailType, detail: HIDDEN, eventBusName: bus });
  const ids: JsonObject[] = entries.map(() => ({ eventId: ctx.prng.uuid() }));
  return {
    eventSource: 'events.amazonaws.com',
    eventName: 'PutEvents',
    region: ctx.region,
    readOnly: false,
    category: 'Data',
    requestParameters: { entries },
    responseElements: { failedEntryCount: 0, entries: ids },
    resources: [{ accountId: ctx.accountId, type: 'AWS::Events::EventBus', ARN: busArn }],
    host: `events.${ctx.region}.amazonaws.com`,
    needs: [{ action: 'events:PutEvents', resource: busArn }],
  };
}

export function putRecords(ctx: Ctx, stream: string, count: number): Call {
  const arn = `arn:aws:kinesis:${ctx.region}:${ctx.accountId}:stream/${stream}`;
  const records: JsonObject[] = [];
  for (let i = 0; i < count; i++) records.push({ partitionKey: ctx.prng.hex(8) });
  return {
    eventSource: 'kinesis.amazonaws.com',
    eventName: 'PutRecords',
    region: ctx.region,
    readOnly: false,
    category: 'Data',
    requestParameters: { streamName: stream, records },
    responseElements: null,
    resources: [{ accountId: ctx.accountId, type: 'AWS::Kinesis::Stream', ARN: arn }],
    host: `kinesis.${ctx.region}.amazonaws.com`,
    needs: [{ action: 'kinesis:PutRecords', resource: arn }],
  };
}

/** Step Functions prints dates the Java way in responseElements, e.g. `Nov 3, 2026, 6:00:04 AM`. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    d.getUTCMonth()
  ];
  const h = d.getUTCHours();
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hour12}:${mm}:${ss} ${h < 12 ? 'AM' : 'PM'}`;
}

export function startExecution(ctx: Ctx, stateMachineArn: string, name: string, time: number): Call {
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  return {
    eventSource: 'states.amazonaws.com',
    eventName: 'StartExecution',
    region: ctx.region,
    readOnly: false,
    category: 'Management',
    requestParameters: { stateMachineArn, name, input: HIDDEN },
    responseElements: { executionArn, startDate: javaDate(time) },
    host: `states.${ctx.region}.amazonaws.com`,
    needs: [{ action: 'states:StartExecution', resource: stateMachineArn }],
  };
}

export function describeExecution(ctx: Ctx, executionArn: string): Call {
  return {
    eventSource: 'states.amazonaws.com',
    eventName: 'DescribeExecution',
    region: ctx.region,
    readOnly: true,
    category: 'Management',
    requestParameters: { executionArn },
    responseElements: null,
    host: `states.${ctx.region}.amazonaws.com`,
    needs: [{ action: 'states:DescribeExecution', resource: executionArn }],
  };
}
