import type { Access, MappingResult } from '../model/access.js';
import type { Event } from '../model/event.js';
import { evaluateAccess } from './access-plan.js';
import { partitionOf } from './arn.js';
import type { MappingIndex } from './compile.js';
import { defaultAccess, type EventPlan } from './plans.js';
import type { RuleContext } from './resource-rule.js';

/** Plans decided by the general rule are remembered; past this many pairs (junk names) they are not. */
const MEMO_LIMIT = 100_000;

/** The IAM actions and resources one record needed, or why it needed none or cannot be told. */
export function mapEvent(event: Event, index: MappingIndex): MappingResult {
  const type = event.eventType?.toLowerCase();
  if (type !== undefined && !index.apiCalls.has(type)) {
    const why = index.notApiCalls.get(type);
    if (why !== undefined) return { status: 'not-an-api-call', why };
    return {
      status: 'unknown',
      why: `eventType ${event.eventType} is no kind of record mappings/event-types.json knows`,
    };
  }
  if (event.eventCategory !== undefined) {
    const why = index.notApiCallCategories.get(event.eventCategory);
    if (why !== undefined) return { status: 'not-an-api-call', why };
  }
  const plan = planFor(index, event.eventSource, event.eventName);
  if (plan.status !== 'mapped') return { status: plan.status, why: plan.why };

  const region = index.redacted.has(event.awsRegion) ? '' : event.awsRegion;
  const account = [event.recipientAccountId, event.principal.accountId].find(
    (a) => a !== undefined && a !== '' && !index.redacted.has(a),
  );
  const ctx: RuleContext = {
    partition: partitionOf(region, index.partitions),
    region,
    account,
    redacted: index.redacted,
  };
  const accesses: Access[] = [];
  for (const access of plan.accesses) {
    for (const a of evaluateAccess(access, event, ctx)) {
      if (!accesses.some((b) => b.action === a.action && b.resource === a.resource)) accesses.push(a);
    }
  }
  if (accesses.length === 0) {
    return {
      status: 'unknown',
      why: `${plan.why}; the record does not say which of the actions were needed`,
    };
  }
  const why = [plan.why];
  const by = event.principal.invokedBy;
  if (by !== undefined)
    why.push(`called by ${by} on the principal's behalf: the principal's own permission was needed`);
  return { status: 'mapped', accesses, why };
}

function planFor(index: MappingIndex, eventSource: string, eventName: string): EventPlan {
  const key = `${eventSource}\n${eventName}`;
  const memo = index.plans.get(key);
  if (memo !== undefined) return memo;
  const plan = decide(index, eventSource, eventName);
  if (index.plans.size < MEMO_LIMIT) index.plans.set(key, plan);
  return plan;
}

const SUFFIX = '.amazonaws.com';

/**
 * The IAM service prefix of an eventSource: mappings/event-sources.json or a service file where they
 * differ (monitoring → cloudwatch), else `<x>.amazonaws.com` → `<x>` when the catalog has it.
 */
export function servicePrefixOf(eventSource: string, index: MappingIndex): string | undefined {
  const mapped = index.sourcePrefixes.get(eventSource);
  if (mapped !== undefined) return mapped;
  if (!eventSource.endsWith(SUFFIX)) return undefined;
  const name = eventSource.slice(0, -SUFFIX.length);
  return index.catalog.hasService(name) ? name.toLowerCase() : undefined;
}

function decide(index: MappingIndex, eventSource: string, eventName: string): EventPlan {
  // Before the general rule: a fixture's `lambda InvokeFunction` names a catalog action yet was never logged.
  const notReal = index.notRealEvents.get(`${eventSource}\n${eventName}`);
  if (notReal !== undefined) {
    return {
      status: 'unknown',
      why: `${eventSource} ${eventName} is not a real CloudTrail event: ${notReal}`,
    };
  }
  const prefix = servicePrefixOf(eventSource, index);
  if (prefix === undefined) {
    return {
      status: 'unknown',
      why: `eventSource ${eventSource} names no IAM service (mappings/event-sources.json)`,
    };
  }
  const service = index.plan.services.get(prefix);
  const lookup = (name: string): EventPlan | undefined =>
    service?.events.get(name) ?? general(index, prefix, name);
  const plan = lookup(eventName);
  if (plan !== undefined) return plan;
  const versioned = service?.versionSuffix?.exec(eventName);
  const base = versioned?.[1];
  if (base !== undefined) {
    const unversioned = lookup(base);
    if (unversioned !== undefined) {
      return { ...unversioned, why: `${eventName} is ${base} with its API version; ${unversioned.why}` };
    }
  }
  return {
    status: 'unknown',
    why: `${prefix}:${eventName} is no IAM action and mappings/ has no entry for ${eventSource} ${eventName}`,
  };
}

function general(index: MappingIndex, prefix: string, eventName: string): EventPlan | undefined {
  const action = index.catalog.canonical(`${prefix}:${eventName}`);
  if (action === undefined) return undefined;
  const access = defaultAccess(index.plan, action);
  if (access === undefined) return undefined;
  return {
    status: 'mapped',
    accesses: [access],
    why: `${eventName} is the IAM action ${action} (same name)`,
  };
}
