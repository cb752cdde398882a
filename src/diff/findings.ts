import { ACTION_GLOB, globMatches } from '../grants/glob.js';
import type { Finding, Severity } from '../model/finding.js';
import type { RoleGrants } from '../model/grants.js';
import type { DeniedAttempt, RoleUsage, UsageModel } from '../model/usage.js';
import type { IamActivity } from '../synth/last-accessed.js';
import type { SynthResult } from '../synth/synthesise.js';
import { gapFindings, iamSentence, reportedServices, trackedDates } from './iam-dates.js';
import { SAMPLE, sample } from './sample.js';
import { compare } from '../model/order.js';

export const SEVERITY_ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high'];

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':'));
}

/** Granted minus used, per service, plus what the grant's shape and the usage say about the role. */
export function roleFindings(
  role: RoleGrants,
  usage: RoleUsage | undefined,
  synth: SynthResult,
  iam?: IamActivity,
): Finding[] {
  const findings: Finding[] = [];
  const base = { role: role.name };

  if (!usage) {
    findings.push({
      ...base,
      rule: 'role-unused-in-window',
      severity: 'low',
      message: `${role.name} made no calls in the window${role.lastUsed ? `; IAM last saw it used on ${role.lastUsed.date}` : ''}: consider deleting it, or keep only what CloudTrail cannot show.`,
      ...(role.lastUsed ? { evidence: { lastUsed: role.lastUsed.date } } : {}),
    });
  }

  const byService = new Map<string, { used: number; unused: string[] }>();
  for (const v of synth.verdicts) {
    const entry = byService.get(serviceOf(v.action)) ?? { used: 0, unused: [] };
    if (v.verdict === 'unused') entry.unused.push(v.action);
    else entry.used++;
    byService.set(serviceOf(v.action), entry);
  }
  const services = [...byService].sort(([a], [b]) => compare(a, b));
  // One finding for all the services the role never touched (an AdministratorAccess role has hundreds),
  // one per service it used only part of.
  const untouched = services.filter(([, e]) => e.used === 0 && e.unused.length > 0);
  if (untouched.length > 0) {
    const total = untouched.reduce((n, [, e]) => n + e.unused.length, 0);
    const reported = iam
      ? reportedServices(
          iam,
          untouched.map(([s]) => s),
        )
      : [];
    const dates = iam && reported.length > 0 ? ` ${iamSentence(reported, iam)}` : '';
    findings.push({
      ...base,
      rule: 'unused-service',
      severity: 'medium',
      // Listing every action of an AdministratorAccess role would bury the finding; per service counts say it.
      ...(total <= SAMPLE * 10 ? { actions: untouched.flatMap(([, e]) => e.unused) } : {}),
      message: `${role.name} is granted ${total} action(s) of ${untouched.length} service(s) it did not use in the window: ${sample(untouched.map(([s]) => s))}.${dates}`,
      evidence: {
        services: Object.fromEntries(untouched.map(([s, e]) => [s, e.unused.length])),
        ...(reported.length > 0
          ? { iamLastAccessed: Object.fromEntries(reported.map((r) => [r.name, r.at])) }
          : {}),
      },
    });
  }
  const verdictOf = new Map(synth.verdicts.map((v) => [v.action, v]));
  for (const [service, { used, unused }] of services) {
    if (unused.length === 0 || used === 0) continue;
    const tracked = iam ? trackedDates(unused.map((a) => verdictOf.get(a))) : [];
    findings.push({
      ...base,
      rule: 'unused-action',
      severity: 'low',
      actions: unused,
      message: `${role.name} did not use ${unused.length} granted ${service} action(s) in the window: ${sample(unused)}.${iam && tracked.length > 0 ? ` ${iamSentence(tracked, iam)}` : ''}`,
      ...(tracked.length > 0
        ? { evidence: { iamLastAccessed: Object.fromEntries(tracked.map((t) => [t.name, t.at])) } }
        : {}),
    });
  }

  findings.push(...grantShapeFindings(role, usage));

  if (usage) {
    // One finding per refused action and error, however many resources it was refused on.
    const refused = new Map<string, DeniedAttempt[]>();
    for (const d of usage.denied) {
      const key = `${d.action} ${d.errorCode}`;
      refused.set(key, [...(refused.get(key) ?? []), d]);
    }
    for (const attempts of refused.values()) {
      const [first] = attempts;
      if (!first) continue;
      const count = attempts.reduce((n, d) => n + d.count, 0);
      const resources = attempts.map((d) => d.resource);
      findings.push({
        ...base,
        rule: 'denied-attempt',
        severity: 'low',
        actions: [first.action],
        resources: resources.slice(0, SAMPLE),
        message: `${role.name} was refused ${first.action} (${first.errorCode}) ${count} time(s) on ${sample(resources)}: a bug, a probe, or a permission removed on purpose. pare does not grant it.`,
        evidence: {
          count,
          resources: resources.length,
          firstSeen: attempts.reduce((t, d) => (d.firstSeen < t ? d.firstSeen : t), first.firstSeen),
          lastSeen: attempts.reduce((t, d) => (d.lastSeen > t ? d.lastSeen : t), first.lastSeen),
          eventSource: first.eventSource,
          eventName: first.eventName,
        },
      });
    }
    if (usage.unmapped.length > 0) {
      findings.push({
        ...base,
        rule: 'unmapped-events',
        severity: 'low',
        message: `${role.name} made ${usage.unmapped.reduce((n, u) => n + u.count, 0)} call(s) pare could not map (${sample(usage.unmapped.map((u) => `${u.eventSource} ${u.eventName}`))}); the granted actions of those services are kept.`,
        evidence: { unmapped: usage.unmapped },
      });
    }
  }

  for (const o of synth.outsideGrant) {
    findings.push({
      ...base,
      rule: 'usage-outside-grant',
      severity: 'high',
      actions: [o.action],
      resources: [o.resource],
      message: `${role.name} succeeded at ${o.action} on ${o.resource} ${o.count} time(s), but its policies do not allow it (${o.decision}): the snapshot and the logs disagree (the role changed in the window, or a resource policy granted it). pare does not add it.`,
      evidence: { count: o.count, decision: o.decision },
    });
  }

  findings.push(...keptFindings(role, synth));
  if (iam) findings.push(...gapFindings(role, synth, iam));

  if (synth.unresolved.length > 0) {
    findings.push({
      ...base,
      rule: 'resource-not-derivable',
      severity: 'info',
      actions: synth.unresolved.map((u) => u.action),
      message: `The records of ${synth.unresolved.length} action(s) do not name the resource touched, so the granted resources are kept for them: ${sample(synth.unresolved.map((u) => u.action))}.`,
    });
  }

  const conditional = role.policies.flatMap((p) => p.document.Statement).filter((s) => s.Condition).length;
  if (conditional > 0) {
    findings.push({
      ...base,
      rule: 'condition-not-evaluated',
      severity: 'info',
      message: `${conditional} statement(s) of ${role.name}'s policies carry conditions. pare does not evaluate conditions: it carries them onto the statements they allowed.`,
    });
  }

  if (synth.documents.length > 1) {
    findings.push({
      ...base,
      rule: 'policy-split',
      severity: 'info',
      message: `The generated policy exceeds IAM's 10,240-character inline quota, so it is split into ${synth.documents.length} managed policies of at most 6,144 characters.`,
    });
  }
  return findings;
}

function keptFindings(role: RoleGrants, synth: SynthResult): Finding[] {
  const findings: Finding[] = [];
  const notObservable = synth.verdicts.filter((v) => v.verdict === 'not-observable');
  const dataEvents = notObservable.filter((v) => v.dataEvent);
  const neverLogged = notObservable.filter((v) => !v.dataEvent);
  if (neverLogged.length > 0) {
    findings.push({
      role: role.name,
      rule: 'kept-not-observable',
      severity: 'info',
      actions: neverLogged.map((v) => v.action),
      message: `Kept ${neverLogged.length} granted action(s) CloudTrail never logs: ${sample(neverLogged.map((v) => v.action))}.`,
    });
  }
  if (dataEvents.length > 0) {
    const selectors = [...new Set(dataEvents.map((v) => v.dataEvent?.resourceType ?? ''))].sort(compare);
    findings.push({
      role: role.name,
      rule: 'kept-not-observable',
      severity: 'info',
      actions: dataEvents.map((v) => v.action),
      message: `Kept ${dataEvents.length} granted data-plane action(s) the logs cannot show: ${sample(dataEvents.map((v) => v.action))}. Turn on CloudTrail data events for ${selectors.join(', ')} to let pare decide on them.`,
      evidence: { dataEventResourceTypes: selectors },
    });
  }
  const lambda = synth.verdicts.filter((v) => v.verdict === 'lambda');
  if (lambda.length > 0) {
    findings.push({
      role: role.name,
      rule: 'kept-not-observable',
      severity: 'info',
      actions: lambda.map((v) => v.action),
      message: `Kept ${lambda.length} action(s) Lambda uses with this role on the function's behalf (logs, dead-letter queue, VPC, tracing), narrowed to the resources the function configuration names: ${sample(lambda.map((v) => v.action))}.`,
    });
  }
  return findings;
}

/** Wildcard actions, and `*` resources for actions whose use named concrete ARNs. */
function grantShapeFindings(role: RoleGrants, usage: RoleUsage | undefined): Finding[] {
  const findings: Finding[] = [];
  const concrete = new Map<string, Set<string>>();
  for (const a of usage?.accesses ?? []) {
    if (a.resource === '*' || a.wildcard) continue;
    const set = concrete.get(a.action) ?? new Set<string>();
    set.add(a.resource);
    concrete.set(a.action, set);
  }
  for (const policy of role.policies) {
    for (const statement of policy.document.Statement) {
      if (statement.Effect !== 'Allow') continue;
      const actions = statement.Action ?? [];
      const wild = actions.filter((a) => a.includes('*') || a.includes('?'));
      if (statement.NotAction) wild.push(...statement.NotAction.map((a) => `NotAction ${a}`));
      if (wild.length > 0) {
        const admin = actions.includes('*') || actions.includes('*:*') || !!statement.NotAction;
        findings.push({
          role: role.name,
          rule: 'wildcard-action',
          severity: admin ? 'high' : actions.some((a) => /^[^:]+:\*$/.test(a)) ? 'medium' : 'low',
          actions: wild,
          message: `${policy.kind} policy ${policy.name} grants ${wild.join(', ')}${statement.Sid ? ` (statement ${statement.Sid})` : ''}: every present and future action it matches.`,
          evidence: { policy: policy.arn ?? policy.name },
        });
      }
      const broad = statement.NotResource !== undefined || (statement.Resource ?? []).includes('*');
      if (!broad) continue;
      const usedConcrete = [...concrete].filter(([action]) => actions.some((p) => matchesAction(p, action)));
      if (usedConcrete.length === 0) continue;
      findings.push({
        role: role.name,
        rule: 'wildcard-resource-where-concrete-used',
        severity: 'medium',
        actions: usedConcrete.map(([a]) => a).sort(compare),
        resources: [...new Set(usedConcrete.flatMap(([, set]) => [...set]))].sort(compare).slice(0, SAMPLE),
        message: `${policy.kind} policy ${policy.name} grants ${sample(usedConcrete.map(([a]) => a))} on every resource, but the role used only the listed ARNs.`,
        evidence: { policy: policy.arn ?? policy.name },
      });
    }
  }
  return findings;
}

function matchesAction(pattern: string, action: string): boolean {
  return globMatches(pattern, action, ACTION_GLOB);
}

/** Findings about the run rather than one role. */
export function runFindings(usage: UsageModel): Finding[] {
  if (usage.unmapped.length === 0) return [];
  const total = usage.unmapped.reduce((n, u) => n + u.count, 0);
  return [
    {
      rule: 'unmapped-events',
      severity: 'info',
      message: `${total} record(s) in the window could not be mapped to IAM actions (${usage.unmapped.length} distinct event name(s)); they are listed in usage.json and never dropped silently.`,
      evidence: { unmapped: usage.unmapped },
    },
  ];
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity) ||
      compare(a.role ?? '', b.role ?? '') ||
      compare(a.function ?? '', b.function ?? '') ||
      compare(a.rule, b.rule) ||
      compare(a.message, b.message),
  );
}
