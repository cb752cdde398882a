/** The expected.json written next to a generated account: the truth, explained. */
import type { Emitted, JsonObject } from '../cloudtrail/types.js';
import { groupByAction, truthByRole, type RoleTruth, type Window } from './expected.js';

export const EXPECTED_NOTES = [
  'observed: per action, the resource ARNs IAM authorised in the window, from successful calls and calls that failed for a reason other than authorisation (errorCount of them). A generated policy must allow every (action, resource) pair.',
  'Resources are what IAM evaluates: a secret read by name is listed with its full ARN (random suffix included); a Query on an index lists the index ARN; DynamoDB stream calls list the stream ARN; CopyObject needs s3:GetObject on the source and s3:PutObject on the target; TransactWriteItems needs each item operation on its table; DeleteMessageBatch needs sqs:DeleteMessage.',
  'Calls an AWS service made with the role (invokedBy: KMS via S3 or Secrets Manager, event source mapping polls) count for the role and its session.',
  'denied: refused calls (AccessDenied, AccessDeniedException, AuthorizationError): findings, never grants.',
  'noPermission: calls that need no IAM permission (sts:GetCallerIdentity).',
  'outsideWindow: pairs used only before the window; a 90-day window ending at activity.to must not require them.',
  'sessions: per role session; isFunction says whether the session name is a Lambda function in lambda.json.',
];

export interface ExpectedInput {
  accountId: string;
  emitted: readonly Emitted[];
  window: Window;
  roles: readonly { name: string; arn: string }[];
  functionNames: ReadonlySet<string>;
  activityFrom: number;
  outsideWindowDay: number;
  notes?: string[];
  inputs?: JsonObject;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function expectedDocument(input: ExpectedInput): { json: JsonObject; truth: RoleTruth[] } {
  const truth = truthByRole(input.emitted, input.window, input.roles);
  const json: JsonObject = {
    accountId: input.accountId,
    window: { since: iso(input.window.since), until: iso(input.window.until) },
    activity: {
      from: iso(input.activityFrom),
      to: iso(input.window.until),
      outsideWindowDay: iso(input.outsideWindowDay).slice(0, 10),
    },
    records: input.emitted.length,
    ...(input.inputs ? { inputs: input.inputs } : {}),
    notes: [...EXPECTED_NOTES, ...(input.notes ?? [])],
    roles: truth.map((r) => ({
      ...r,
      observed: groupByAction(r.observed),
      sessions: r.sessions.map((s) => ({ ...s, isFunction: input.functionNames.has(s.sessionName) })),
    })) as unknown as JsonObject[],
  };
  return { json, truth };
}
