/** Generated policy statements as template values, with the template's own references in them. */
import type { PolicyDocument, Statement } from '../model/policy.js';
import { referenceFor, type StackPlace, type TemplateResource } from './references.js';
import type { IacValue } from './values.js';

const LAMBDA_LOG_ACTIONS = new Set(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);

/**
 * The statements Lambda needs to write its own logs. Serverless and SAM generate these for every role
 * they create, so a patch for those leaves them to the framework.
 */
export function isLambdaLogging(statement: Statement): boolean {
  return (
    (statement.Action ?? []).length > 0 &&
    (statement.Action ?? []).every((a) => LAMBDA_LOG_ACTIONS.has(a)) &&
    (statement.Resource ?? []).every((r) => /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:\/aws\/lambda\//.test(r))
  );
}

export interface StatementOptions {
  resources: readonly TemplateResource[];
  stack?: string;
  /** Where the stack is deployed, when known. */
  place?: StackPlace;
  /** Leave Lambda's logging statements to the framework. */
  frameworkLogs: boolean;
  /** Keep the Sids (CloudFormation) or drop them (Serverless, whose examples never carry them). */
  sids: boolean;
}

export function statementValues(policy: PolicyDocument, options: StatementOptions): IacValue[] {
  return policy.Statement.filter((s) => !(options.frameworkLogs && isLambdaLogging(s))).map((s) => {
    const out: Record<string, IacValue> = {};
    if (options.sids && s.Sid !== undefined) out['Sid'] = s.Sid;
    out['Effect'] = s.Effect;
    if (s.Action) out['Action'] = s.Action;
    if (s.NotAction) out['NotAction'] = s.NotAction;
    const list = (arns: string[]): IacValue => {
      const values = arns.map((arn) => referenceFor(arn, options.resources, options.stack, options.place));
      return values.length === 1 && values[0] !== undefined ? values[0] : values;
    };
    if (s.Resource) out['Resource'] = list(s.Resource);
    if (s.NotResource) out['NotResource'] = list(s.NotResource);
    if (s.Condition) out['Condition'] = s.Condition;
    return out;
  });
}
