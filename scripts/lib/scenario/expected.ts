/**
 * The truth a generator emitted, per role and per role session: which (action, resource ARN) pairs
 * were used in the window (successful calls, and calls that failed for reasons other than
 * authorisation), which were refused, which calls needed no permission, and what was used only
 * outside the window. pare's generated policy must allow every `observed` pair and none is needed
 * for `outsideWindow`.
 */
import type { Emitted, Needed, Truth } from '../cloudtrail/types.js';
import { isoSeconds } from '../cloudtrail/record.js';

export interface ObservedPair {
  action: string;
  resource: string;
  count: number;
  errorCount: number;
  firstSeen: string;
  lastSeen: string;
}

/** One action's observed resources, for output: the pairs grouped by action. */
export interface ObservedAction {
  action: string;
  resources: string[];
  count: number;
  errorCount: number;
  firstSeen: string;
  lastSeen: string;
}

export interface DeniedPair {
  action: string;
  resource: string;
  errorCode: string;
  eventName: string;
  count: number;
}

export interface CallCount {
  eventSource: string;
  eventName: string;
  count: number;
}

export interface SessionTruth {
  sessionName: string;
  eventCount: number;
  /** action → resources used by this session. */
  observed: Record<string, string[]>;
  denied: DeniedPair[];
}

export interface RoleTruth {
  roleName: string;
  roleArn: string;
  eventCount: number;
  observed: ObservedPair[];
  denied: DeniedPair[];
  noPermission: CallCount[];
  outsideWindow: { action: string; resources: string[] }[];
  sessions: SessionTruth[];
}

export function groupByAction(pairs: readonly ObservedPair[]): ObservedAction[] {
  const out = new Map<string, ObservedAction>();
  for (const p of pairs) {
    const a = out.get(p.action) ?? {
      action: p.action,
      resources: [],
      count: 0,
      errorCount: 0,
      firstSeen: p.firstSeen,
      lastSeen: p.lastSeen,
    };
    a.resources.push(p.resource);
    a.count += p.count;
    a.errorCount += p.errorCount;
    if (p.firstSeen < a.firstSeen) a.firstSeen = p.firstSeen;
    if (p.lastSeen > a.lastSeen) a.lastSeen = p.lastSeen;
    out.set(p.action, a);
  }
  return [...out.values()];
}

function resourcesByAction(pairs: readonly { action: string; resource: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of pairs) (out[p.action] ??= []).push(p.resource);
  return out;
}

export interface Window {
  since: number;
  until: number;
}

class Bucket {
  events = 0;
  readonly observed = new Map<string, ObservedPair>();
  readonly denied = new Map<string, DeniedPair>();
  readonly noPermission = new Map<string, CallCount>();

  add(t: Truth, time: number): void {
    this.events++;
    const at = isoSeconds(time);
    if (t.needs.length === 0) {
      const id = `${t.eventSource} ${t.eventName}`;
      const c = this.noPermission.get(id) ?? { eventSource: t.eventSource, eventName: t.eventName, count: 0 };
      c.count++;
      this.noPermission.set(id, c);
    }
    for (const need of t.needs) {
      const id = `${need.action} ${need.resource}`;
      if (t.outcome === 'denied') {
        const code = t.errorCode ?? 'AccessDenied';
        const key = `${id} ${code}`;
        const d = this.denied.get(key) ?? { ...need, errorCode: code, eventName: t.eventName, count: 0 };
        d.count++;
        this.denied.set(key, d);
        continue;
      }
      const o = this.observed.get(id) ?? { ...need, count: 0, errorCount: 0, firstSeen: at, lastSeen: at };
      o.count++;
      if (t.outcome === 'error') o.errorCount++;
      if (at < o.firstSeen) o.firstSeen = at;
      if (at > o.lastSeen) o.lastSeen = at;
      this.observed.set(id, o);
    }
  }
}

const byKey = <T extends { action: string; resource: string }>(a: T, b: T): number =>
  a.action < b.action
    ? -1
    : a.action > b.action
      ? 1
      : a.resource < b.resource
        ? -1
        : a.resource > b.resource
          ? 1
          : 0;

export function truthByRole(
  emitted: readonly Emitted[],
  window: Window,
  roles: readonly { name: string; arn: string }[],
): RoleTruth[] {
  const inWindow = new Map<string, { role: Bucket; sessions: Map<string, Bucket> }>();
  const outside = new Map<string, Map<string, Needed>>();
  for (const r of roles) {
    inWindow.set(r.arn, { role: new Bucket(), sessions: new Map() });
    outside.set(r.arn, new Map());
  }
  for (const e of emitted) {
    const t = e.truth;
    if (!t) continue;
    const holder = inWindow.get(t.roleArn);
    if (!holder) throw new Error(`truth for a role the account does not define: ${t.roleArn}`);
    if (e.time < window.since || e.time > window.until) {
      if (t.outcome !== 'denied')
        for (const n of t.needs) outside.get(t.roleArn)?.set(`${n.action} ${n.resource}`, n);
      continue;
    }
    holder.role.add(t, e.time);
    const session = holder.sessions.get(t.sessionName) ?? new Bucket();
    session.add(t, e.time);
    holder.sessions.set(t.sessionName, session);
  }
  return roles
    .map((r) => {
      const holder = inWindow.get(r.arn) as { role: Bucket; sessions: Map<string, Bucket> };
      const observedIds = new Set(holder.role.observed.keys());
      return {
        roleName: r.name,
        roleArn: r.arn,
        eventCount: holder.role.events,
        observed: [...holder.role.observed.values()].sort(byKey),
        denied: [...holder.role.denied.values()].sort(byKey),
        noPermission: [...holder.role.noPermission.values()].sort((a, b) =>
          a.eventName < b.eventName ? -1 : a.eventName > b.eventName ? 1 : 0,
        ),
        outsideWindow: Object.entries(
          resourcesByAction(
            [...(outside.get(r.arn)?.entries() ?? [])]
              .filter(([id]) => !observedIds.has(id))
              .map(([, n]) => n)
              .sort(byKey),
          ),
        ).map(([action, resources]) => ({ action, resources })),
        sessions: [...holder.sessions.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([sessionName, b]) => ({
            sessionName,
            eventCount: b.events,
            observed: resourcesByAction([...b.observed.values()].sort(byKey)),
            denied: [...b.denied.values()].sort(byKey),
          })),
      };
    })
    .sort((a, b) => (a.roleName < b.roleName ? -1 : a.roleName > b.roleName ? 1 : 0));
}
