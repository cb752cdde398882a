/**
 * Amazon DynamoDB data events and DynamoDB Streams calls. Shapes follow the DynamoDB developer guide's
 * CloudTrail examples: requestParameters.tableName, `key` with the key attributes, `item` with attribute
 * names only, the table ARN in resources[]; TransactWriteItems lists `requestItems` with an `operation`
 * and a `tableName` each. Streams calls are logged with eventSource dynamodb.amazonaws.com; GetRecords
 * names its stream only inside the shard iterator (`<stream ARN>|1|<opaque>`) and lists the table ARN
 * in resources[], as the guide's example does: the stream ARN must be read from requestParameters.
 */
import type { Ctx } from './s3.js';
import type { Call, JsonObject, Needed } from './types.js';

export const tableArn = (ctx: Ctx, table: string): string =>
  `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${table}`;

const host = (ctx: Ctx): string => `dynamodb.${ctx.region}.amazonaws.com`;
const streamsHost = (ctx: Ctx): string => `streams.dynamodb.${ctx.region}.amazonaws.com`;

/** DynamoDB request IDs are 52 characters; the last 26 name the front end and repeat (see the guide's examples). */
function requestId(ctx: Ctx): string {
  return `${ctx.prng.upperAlnum(26)}VV4KQNSO5AEMVJF66Q9ASUAAJG`;
}

function tableResource(ctx: Ctx, table: string): JsonObject {
  return { accountId: ctx.accountId, type: 'AWS::DynamoDB::Table', ARN: tableArn(ctx, table) };
}

export interface DdbError {
  code: string;
  message: string;
}

export const CONDITIONAL_CHECK_FAILED: DdbError = {
  code: 'ConditionalCheckFailedException',
  message: 'The conditional request failed',
};
export const TRANSACTION_CANCELED: DdbError = {
  code: 'TransactionCanceledException',
  message:
    'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
};

function dataCall(
  ctx: Ctx,
  eventName: string,
  readOnly: boolean,
  params: JsonObject,
  tables: string[],
  needs: Needed[],
  error?: DdbError,
): Call {
  return {
    eventSource: 'dynamodb.amazonaws.com',
    eventName,
    region: ctx.region,
    readOnly,
    category: 'Data',
    requestParameters: params,
    responseElements: null,
    resources: tables.map((t) => tableResource(ctx, t)),
    apiVersion: '2012-08-10',
    requestID: requestId(ctx),
    host: host(ctx),
    ...(error ? { error } : {}),
    needs,
  };
}

export type ItemOp = 'PutItem' | 'GetItem' | 'UpdateItem' | 'DeleteItem';

export interface ItemOptions {
  item?: string[];
  updateExpression?: string;
  conditionExpression?: string;
  error?: DdbError;
}

export function itemCall(
  ctx: Ctx,
  op: ItemOp,
  table: string,
  key: JsonObject,
  options: ItemOptions = {},
): Call {
  const params: JsonObject = { tableName: table, key };
  if (options.item) params['item'] = options.item;
  if (options.updateExpression) params['updateExpression'] = options.updateExpression;
  if (options.conditionExpression) params['conditionExpression'] = options.conditionExpression;
  if (op === 'GetItem') params['consistentRead'] = false;
  params['returnConsumedCapacity'] = 'NONE';
  const needs = [{ action: `dynamodb:${op}`, resource: tableArn(ctx, table) }];
  return dataCall(ctx, op, op === 'GetItem', params, [table], needs, options.error);
}

/** Query; on a secondary index IAM authorises the index ARN, which only `indexName` reveals. */
export function query(ctx: Ctx, table: string, keyCondition: string, index?: string): Call {
  const params: JsonObject = { tableName: table };
  if (index) params['indexName'] = index;
  params['keyConditionExpression'] = keyCondition;
  params['returnConsumedCapacity'] = 'NONE';
  const resource = index ? `${tableArn(ctx, table)}/index/${index}` : tableArn(ctx, table);
  return dataCall(ctx, 'Query', true, params, [table], [{ action: 'dynamodb:Query', resource }]);
}

export function scan(ctx: Ctx, table: string, continued: boolean): Call {
  const params: JsonObject = { tableName: table, limit: 500 };
  if (continued) params['exclusiveStartKey'] = { rideId: ctx.prng.uuid() };
  params['returnConsumedCapacity'] = 'NONE';
  return dataCall(
    ctx,
    'Scan',
    true,
    params,
    [table],
    [{ action: 'dynamodb:Scan', resource: tableArn(ctx, table) }],
  );
}

export interface WriteRequest {
  op: 'Put' | 'Delete';
  table: string;
  key: JsonObject;
  item?: string[];
}

export function batchWriteItem(ctx: Ctx, requests: WriteRequest[]): Call {
  const tables = [...new Set(requests.map((r) => r.table))];
  const requestItems: JsonObject[] = requests.map((r) => {
    const entry: JsonObject = { operation: r.op, tableName: r.table, key: r.key };
    if (r.item) entry['items'] = r.item;
    return entry;
  });
  const needs = tables.map((t) => ({ action: 'dynamodb:BatchWriteItem', resource: tableArn(ctx, t) }));
  return dataCall(
    ctx,
    'BatchWriteItem',
    false,
    { requestItems, returnConsumedCapacity: 'NONE' },
    tables,
    needs,
  );
}

export interface TransactItem {
  op: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  table: string;
  key: JsonObject;
  item?: string[];
  updateExpression?: string;
  conditionExpression?: string;
}

const TRANSACT_ACTION: Record<TransactItem['op'], string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/** There is no dynamodb:TransactWriteItems action: IAM checks each item's own action on its table. */
export function transactWriteItems(ctx: Ctx, items: TransactItem[], error?: DdbError): Call {
  const tables = [...new Set(items.map((i) => i.table))];
  const requestItems: JsonObject[] = items.map((i) => {
    const entry: JsonObject = { operation: i.op, tableName: i.table, key: i.key };
    if (i.item) entry['items'] = i.item;
    if (i.updateExpression) entry['updateExpression'] = i.updateExpression;
    if (i.conditionExpression) entry['conditionExpression'] = i.conditionExpression;
    return entry;
  });
  const seen = new Set<string>();
  const needs: Needed[] = [];
  for (const i of items) {
    const need = { action: TRANSACT_ACTION[i.op], resource: tableArn(ctx, i.table) };
    const id = `${need.action} ${need.resource}`;
    if (!seen.has(id)) needs.push(need);
    seen.add(id);
  }
  const params: JsonObject = {
    requestItems,
    returnConsumedCapacity: 'NONE',
    clientRequestToken: ctx.prng.uuid(),
  };
  return dataCall(ctx, 'TransactWriteItems', false, params, tables, needs, error);
}

/** DeleteTable is a control-plane call (management event); the table is named in requestParameters only. */
export function deleteTable(ctx: Ctx, table: string, error?: DdbError): Call {
  return {
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'DeleteTable',
    region: ctx.region,
    readOnly: false,
    category: 'Management',
    requestParameters: { tableName: table },
    responseElements: null,
    apiVersion: '2012-08-10',
    requestID: requestId(ctx),
    host: host(ctx),
    ...(error ? { error } : {}),
    needs: [{ action: 'dynamodb:DeleteTable', resource: tableArn(ctx, table) }],
  };
}

/** DescribeStream is a control-plane call (management event). */
export function describeStream(ctx: Ctx, streamArn: string): Call {
  return {
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'DescribeStream',
    region: ctx.region,
    readOnly: true,
    category: 'Management',
    requestParameters: { streamArn },
    responseElements: null,
    apiVersion: '2012-08-10',
    requestID: requestId(ctx),
    host: streamsHost(ctx),
    needs: [{ action: 'dynamodb:DescribeStream', resource: streamArn }],
  };
}

export function getShardIterator(ctx: Ctx, streamArn: string, shardId: string, table: string): Call {
  return {
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'GetShardIterator',
    region: ctx.region,
    readOnly: true,
    category: 'Data',
    requestParameters: {
      streamArn,
      shardId,
      shardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      sequenceNumber: seq(ctx),
    },
    responseElements: null,
    resources: [tableResource(ctx, table)],
    apiVersion: '2012-08-10',
    requestID: requestId(ctx),
    host: streamsHost(ctx),
    needs: [{ action: 'dynamodb:GetShardIterator', resource: streamArn }],
  };
}

export function getRecords(ctx: Ctx, streamArn: string, table: string): Call {
  return {
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'GetRecords',
    region: ctx.region,
    readOnly: true,
    category: 'Data',
    requestParameters: { shardIterator: `${streamArn}|1|AAAAAAAAAA${ctx.prng.base64(84)}`, limit: 100 },
    responseElements: null,
    resources: [tableResource(ctx, table)],
    apiVersion: '2012-08-10',
    requestID: requestId(ctx),
    host: streamsHost(ctx),
    needs: [{ action: 'dynamodb:GetRecords', resource: streamArn }],
  };
}

function seq(ctx: Ctx): string {
  return `${ctx.prng.int(1, 9)}${ctx.prng.chars('0123456789', 20)}`;
}
