import type { LambdaFunction } from '../model/grants.js';

/** A rule of mappings/lambda-implied.json: what Lambda does with the execution role for a configuration. */
export interface LambdaImpliedRule {
  id: string;
  when: 'always' | 'deadLetterTarget:sqs' | 'deadLetterTarget:sns' | 'vpc' | 'tracing';
  actions: { action: string; resource: string }[];
  why: string;
  source: string;
}

export interface ImpliedPermission {
  ruleId: string;
  function: string;
  action: string;
  resource: string;
  why: string;
}

function applies(rule: LambdaImpliedRule, fn: LambdaFunction): boolean {
  switch (rule.when) {
    case 'always':
      return true;
    case 'deadLetterTarget:sqs':
      return fn.deadLetterTarget?.split(':')[2] === 'sqs';
    case 'deadLetterTarget:sns':
      return fn.deadLetterTarget?.split(':')[2] === 'sns';
    case 'vpc':
      return fn.vpc;
    case 'tracing':
      return fn.tracing;
  }
}

/** The permissions Lambda needs with the execution role for these functions, ARNs filled in. */
export function impliedPermissions(
  rules: readonly LambdaImpliedRule[],
  functions: readonly LambdaFunction[],
): ImpliedPermission[] {
  const result: ImpliedPermission[] = [];
  for (const fn of functions) {
    const partition = fn.arn.split(':')[1] ?? 'aws';
    const values: Record<string, string> = {
      Partition: partition,
      Region: fn.region,
      Account: fn.accountId,
      LogGroup: fn.logGroup,
      DeadLetterTarget: fn.deadLetterTarget ?? '',
    };
    for (const rule of rules) {
      if (!applies(rule, fn)) continue;
      for (const { action, resource } of rule.actions) {
        result.push({
          ruleId: rule.id,
          function: fn.name,
          action,
          resource: resource.replace(/\$\{(\w+)\}/g, (_m, name: string) => values[name] ?? ''),
          why: rule.why,
        });
      }
    }
  }
  return result;
}
