import type { Event } from '../model/event.js';
import type { MappingResult } from '../model/access.js';
import type {
  AccessUsage,
  DeniedAttempt,
  RoleUsage,
  SessionUsage,
  UnmappedEvent,
  UsageModel,
} from '../model/usage.js';
import { addToDays, pruneDays, total, type DayBuckets, type Hit } from './buckets.js';
import { compare } from '../model/order.js';
import { EventIds } from './event-ids.js';
import {
  addFoldedKeys,
  addKey,
  childResource,
  clusterResources,
  FOLD_BUDGET,
  type KeyCluster,
} from './child-resources.js';
import { dayOf, firstDayForEnd, fixedBounds, resolveWindow, type WindowSpec } from './window.js';

/**
 * Records an engine grouped (Athena, CloudTrail Lake): `count` distinct records alike in every field
 * the mapping and the usage model read, all on the UTC day of `firstSeen`, between it and `lastSeen`.
 * `records` counts copies too (the same eventID delivered twice); `event.eventTime` is `firstSeen`.
 */
export interface EventGroup {
  event: Event;
  count: number;
  records: number;
  firstSeen: string;
  lastSeen: string;
  /**
   * The engine folded S3 object keys into the group (records alike but for the key, of a cluster with
   * more than FOLD_BUDGET keys from this day on): `event` is the records of `key`, standing for them all;
   * `prefix` is the keys' longest common prefix.
   */
  foldedKeys?: FoldedKeys;
}

export interface FoldedKeys {
  key: string;
  prefix: string;
}

/** What usage needs from the mapping; src/mapping provides it, tests can fake it. */
export interface UsageMapper {
  mapEvent(event: Event): MappingResult;
  /** How an errorCode counts: an authorisation denial, a failed authentication, or proof of use. */
  classifyError(errorCode: string): 'denied' | 'auth-failure' | 'use';
  isDataEvent(event: Event): boolean;
}

export interface UsageOptions {
  window: WindowSpec;
  /**
   * Distinct S3 keys (per action, bucket and first path segment) or log streams (per log group) a day
   * before they fold into a prefix. Synthesis makes a prefix of ten keys anyway, where the grant allows.
   */
  foldBudget?: number;
}

interface AccessEntry {
  action: string;
  resource: string;
  wildcard?: 'wildcard-only' | 'unresolved';
  days: DayBuckets;
}

interface DeniedEntry {
  action: string;
  resource: string;
  errorCode: string;
  eventSource: string;
  eventName: string;
  days: DayBuckets;
}

interface UnmappedEntry {
  eventSource: string;
  eventName: string;
  why: string;
  days: DayBuckets;
}

interface SessionEntry {
  accesses: Map<string, AccessEntry>;
  /** S3 object and log stream accesses, clustered so that memory stays bounded (child-resources.ts). */
  clusters: Map<string, KeyCluster>;
  denied: Map<string, DeniedEntry>;
  /** Refused calls on S3 objects and log streams, clustered like accesses. */
  deniedClusters: Map<
    string,
    { cluster: KeyCluster; errorCode: string; eventSource: string; eventName: string }
  >;
  unmapped: Map<string, UnmappedEntry>;
  events: DayBuckets;
}

interface RoleEntry {
  roleArn: string;
  roleName: string;
  accountId: string;
  sessions: Map<string, SessionEntry>;
}

const SEP = '\u0000';

/**
 * Folds a stream of mapped events into per-role, per-session usage. Pure and order-independent: the
 * result depends only on the multiset of events.
 */
export class UsageAggregator {
  private readonly roles = new Map<string, RoleEntry>();
  private readonly unmapped = new Map<string, UnmappedEntry>();
  private readonly dataEventSources = new Set<string>();
  private readonly bounds: { since?: string; until?: string };
  private readonly budget: number;
  private latest: string | undefined;
  private pruneBefore: string | undefined;
  private records = 0;
  /** Records rejected by a fixed bound; the rest are counted per day, since the window's start may move. */
  private outsideFixedBounds = 0;
  private readonly perDay = new Map<string, DayCounts>();
  private readonly seen = new EventIds();
  private duplicates = 0;

  constructor(
    private readonly mapper: UsageMapper,
    private readonly options: UsageOptions,
  ) {
    this.bounds = fixedBounds(options.window);
    this.budget = options.foldBudget ?? FOLD_BUDGET;
  }

  add(event: Event): void {
    this.records++;
    if (this.mapper.isDataEvent(event)) this.dataEventSources.add(event.eventSource);
    const time = event.eventTime;
    if ((this.bounds.since && time < this.bounds.since) || (this.bounds.until && time > this.bounds.until)) {
      this.outsideFixedBounds++;
      return;
    }
    const day = dayOf(time);
    const old = this.pruneBefore !== undefined && day < this.pruneBefore;
    // eventTime's day and eventID name a record: the same record from two inputs counts once.
    if (!old && !this.seen.firstTime(day, event.eventID)) {
      this.duplicates++;
      return;
    }
    this.take(event, day, old, { count: 1, first: time, last: time });
  }

  /**
   * `group.count` records at once, exactly as adding them one by one would count them: the engine has
   * already kept the window's fixed bounds and told copies of a record apart (`records - count`).
   */
  addGroup(group: EventGroup): void {
    const { event, count, records, firstSeen, lastSeen } = group;
    this.records += records;
    if (this.mapper.isDataEvent(event)) this.dataEventSources.add(event.eventSource);
    if (
      (this.bounds.since && lastSeen < this.bounds.since) ||
      (this.bounds.until && firstSeen > this.bounds.until)
    ) {
      this.outsideFixedBounds += records;
      return;
    }
    const day = dayOf(firstSeen);
    const old = this.pruneBefore !== undefined && day < this.pruneBefore;
    // Days the window has left are not de-duplicated one by one either.
    if (!old) this.duplicates += records - count;
    const hit = { count: old ? records : count, first: firstSeen, last: lastSeen };
    this.take(event, day, old, hit, group.foldedKeys);
  }

  private take(event: Event, day: string, old: boolean, hit: Hit, folded?: FoldedKeys): void {
    const counts = this.dayCounts(day);
    counts.events += hit.count;
    if (this.latest === undefined || hit.last > this.latest) this.advance(hit.last);
    if (old) return;
    const result = this.mapper.mapEvent(event);
    if (result.status === 'not-an-api-call') {
      counts.notApiCalls += hit.count;
      return;
    }
    const { roleName, accountId, sessionName } = event.principal;
    if (event.principal.type !== 'AssumedRole' || !roleName || !accountId) {
      counts.notFromRoles += hit.count;
      return;
    }
    const session = this.session(event, roleName, accountId, sessionName ?? '');
    addToDays(session.events, day, hit, false);
    if (result.status === 'no-permission') {
      counts.noPermission += hit.count;
      return;
    }
    if (result.status === 'unknown') {
      const key = event.eventSource + SEP + event.eventName;
      for (const table of [session.unmapped, this.unmapped]) {
        let entry = table.get(key);
        if (!entry) {
          entry = {
            eventSource: event.eventSource,
            eventName: event.eventName,
            why: result.why,
            days: new Map(),
          };
          table.set(key, entry);
        }
        addToDays(entry.days, day, hit, false);
      }
      return;
    }
    const errorClass = event.errorCode ? this.mapper.classifyError(event.errorCode) : 'use';
    if (errorClass === 'auth-failure') return;
    for (const access of result.accesses) {
      if (errorClass === 'denied') {
        const child = access.wildcard ? undefined : childResource(access.resource);
        if (child) {
          const errorCode = event.errorCode ?? '';
          const key = [
            access.action,
            child.parent,
            child.cluster,
            errorCode,
            event.eventSource,
            event.eventName,
          ].join(SEP);
          let entry = session.deniedClusters.get(key);
          if (!entry) {
            const cluster: KeyCluster = { action: access.action, parent: child.parent, days: new Map() };
            entry = { cluster, errorCode, eventSource: event.eventSource, eventName: event.eventName };
            session.deniedClusters.set(key, entry);
          }
          if (child.key === folded?.key) addFoldedKeys(entry.cluster, folded.prefix, day, hit, false);
          else addKey(entry.cluster, child.key, day, hit, false, this.budget);
          continue;
        }
        const key = [
          access.action,
          access.resource,
          event.errorCode,
          event.eventSource,
          event.eventName,
        ].join(SEP);
        let entry = session.denied.get(key);
        if (!entry) {
          entry = {
            action: access.action,
            resource: access.resource,
            errorCode: event.errorCode ?? '',
            eventSource: event.eventSource,
            eventName: event.eventName,
            days: new Map(),
          };
          session.denied.set(key, entry);
        }
        addToDays(entry.days, day, hit, false);
      } else {
        this.recordAccess(
          session,
          access.action,
          access.resource,
          access.wildcard,
          day,
          hit,
          !!event.errorCode,
          folded,
        );
      }
    }
  }

  private dayCounts(day: string): DayCounts {
    let counts = this.perDay.get(day);
    if (!counts) {
      counts = { events: 0, notFromRoles: 0, noPermission: 0, notApiCalls: 0 };
      this.perDay.set(day, counts);
    }
    return counts;
  }

  private advance(time: string): void {
    this.latest = time;
    const firstDay = firstDayForEnd(this.options.window, time);
    if (firstDay === undefined || firstDay === this.pruneBefore) return;
    this.pruneBefore = firstDay;
    this.seen.pruneBefore(firstDay);
    for (const [roleKey, role] of this.roles) {
      for (const [name, s] of role.sessions) {
        if (pruneDays(s.events, firstDay)) role.sessions.delete(name);
        for (const table of [s.accesses, s.denied, s.unmapped] as Map<string, { days: DayBuckets }>[]) {
          for (const [key, entry] of table) if (pruneDays(entry.days, firstDay)) table.delete(key);
        }
        for (const [key, cluster] of s.clusters) {
          for (const day of cluster.days.keys()) if (day < firstDay) cluster.days.delete(day);
          if (cluster.days.size === 0) s.clusters.delete(key);
        }
        for (const [key, { cluster }] of s.deniedClusters) {
          for (const day of cluster.days.keys()) if (day < firstDay) cluster.days.delete(day);
          if (cluster.days.size === 0) s.deniedClusters.delete(key);
        }
      }
      if (role.sessions.size === 0) this.roles.delete(roleKey);
    }
    for (const [key, entry] of this.unmapped) if (pruneDays(entry.days, firstDay)) this.unmapped.delete(key);
  }

  private session(event: Event, roleName: string, accountId: string, sessionName: string): SessionEntry {
    const roleKey = accountId + SEP + roleName;
    let role = this.roles.get(roleKey);
    const arn = event.principal.roleArn ?? `arn:aws:iam::${accountId}:role/${roleName}`;
    if (!role) {
      role = { roleArn: arn, roleName, accountId, sessions: new Map() };
      this.roles.set(roleKey, role);
    } else if (arn.length > role.roleArn.length) {
      // A sessionIssuer ARN carries the role's path; an ARN derived from the STS ARN does not.
      role.roleArn = arn;
    }
    let session = role.sessions.get(sessionName);
    if (!session) {
      session = {
        accesses: new Map(),
        clusters: new Map(),
        deniedClusters: new Map(),
        denied: new Map(),
        unmapped: new Map(),
        events: new Map(),
      };
      role.sessions.set(sessionName, session);
    }
    return session;
  }

  private recordAccess(
    session: SessionEntry,
    action: string,
    resource: string,
    wildcard: AccessEntry['wildcard'],
    day: string,
    hit: Hit,
    isError: boolean,
    folded: FoldedKeys | undefined,
  ): void {
    const child = wildcard ? undefined : childResource(resource);
    if (child) {
      const key = action + SEP + child.parent + SEP + child.cluster;
      let cluster = session.clusters.get(key);
      if (!cluster) session.clusters.set(key, (cluster = { action, parent: child.parent, days: new Map() }));
      if (child.key === folded?.key) addFoldedKeys(cluster, folded.prefix, day, hit, isError);
      else addKey(cluster, child.key, day, hit, isError, this.budget);
      return;
    }
    const key = action + SEP + resource;
    let entry = session.accesses.get(key);
    if (!entry) {
      entry = { action, resource, days: new Map() };
      if (wildcard) entry.wildcard = wildcard;
      session.accesses.set(key, entry);
    }
    addToDays(entry.days, day, hit, isError);
  }

  /** Plain entries plus the S3 clusters resolved for the window (keys, or a prefix where they folded). */
  private accessEntries(s: SessionEntry, firstDay: string | undefined): AccessEntry[] {
    const entries = [...s.accesses.values()];
    for (const cluster of s.clusters.values()) {
      for (const { resource, days } of clusterResources(cluster, firstDay, this.budget)) {
        entries.push({ action: cluster.action, resource, days });
      }
    }
    return entries;
  }

  private deniedEntries(s: SessionEntry, firstDay: string | undefined): DeniedEntry[] {
    const entries = [...s.denied.values()];
    for (const { cluster, errorCode, eventSource, eventName } of s.deniedClusters.values()) {
      for (const { resource, days } of clusterResources(cluster, firstDay, this.budget)) {
        entries.push({ action: cluster.action, resource, errorCode, eventSource, eventName, days });
      }
    }
    return entries;
  }

  finish(): UsageModel {
    const window = resolveWindow(this.options.window, this.latest);
    const firstDay = this.pruneBefore;
    const roles: RoleUsage[] = [];
    for (const role of this.roles.values()) {
      const sessions: SessionUsage[] = [];
      for (const [sessionName, s] of role.sessions) {
        const events = total(s.events, firstDay);
        if (!events) continue;
        sessions.push({
          sessionName,
          accesses: accessList(this.accessEntries(s, firstDay), firstDay),
          denied: deniedList(this.deniedEntries(s, firstDay), firstDay),
          unmapped: unmappedList(s.unmapped.values(), firstDay),
          eventCount: events.count,
          firstSeen: events.first,
          lastSeen: events.last,
        });
      }
      if (sessions.length === 0) continue;
      sessions.sort((a, b) => compare(a.sessionName, b.sessionName));
      roles.push(rollUp(role, sessions));
    }
    roles.sort((a, b) => compare(a.roleArn, b.roleArn));
    const inside = { events: 0, notFromRoles: 0, noPermission: 0, notApiCalls: 0 };
    let outside = this.outsideFixedBounds;
    for (const [day, c] of this.perDay) {
      if (firstDay !== undefined && day < firstDay) {
        outside += c.events;
        continue;
      }
      inside.events += c.events;
      inside.notFromRoles += c.notFromRoles;
      inside.noPermission += c.noPermission;
      inside.notApiCalls += c.notApiCalls;
    }
    return {
      window,
      roles,
      unmapped: unmappedList(this.unmapped.values(), firstDay),
      dataEventSources: [...this.dataEventSources].sort(),
      counts: {
        records: this.records,
        duplicates: this.duplicates,
        inWindow: inside.events,
        outsideWindow: outside,
        notFromRoles: inside.notFromRoles,
        noPermission: inside.noPermission,
        notApiCalls: inside.notApiCalls,
      },
    };
  }
}

interface DayCounts {
  events: number;
  notFromRoles: number;
  noPermission: number;
  notApiCalls: number;
}

function accessList(entries: Iterable<AccessEntry>, firstDay: string | undefined): AccessUsage[] {
  const list: AccessUsage[] = [];
  for (const e of entries) {
    const t = total(e.days, firstDay);
    if (!t) continue;
    const usage: AccessUsage = {
      action: e.action,
      resource: e.resource,
      count: t.count,
      firstSeen: t.first,
      lastSeen: t.last,
      errorCount: t.errorCount,
    };
    if (e.wildcard) usage.wildcard = e.wildcard;
    list.push(usage);
  }
  return list.sort((a, b) => compare(a.action, b.action) || compare(a.resource, b.resource));
}

function deniedList(entries: Iterable<DeniedEntry>, firstDay: string | undefined): DeniedAttempt[] {
  const list: DeniedAttempt[] = [];
  for (const e of entries) {
    const t = total(e.days, firstDay);
    if (!t) continue;
    list.push({
      action: e.action,
      resource: e.resource,
      errorCode: e.errorCode,
      eventSource: e.eventSource,
      eventName: e.eventName,
      count: t.count,
      firstSeen: t.first,
      lastSeen: t.last,
    });
  }
  return list.sort(
    (a, b) =>
      compare(a.action, b.action) || compare(a.resource, b.resource) || compare(a.errorCode, b.errorCode),
  );
}

function unmappedList(entries: Iterable<UnmappedEntry>, firstDay: string | undefined): UnmappedEvent[] {
  const list: UnmappedEvent[] = [];
  for (const e of entries) {
    const t = total(e.days, firstDay);
    if (t) list.push({ eventSource: e.eventSource, eventName: e.eventName, count: t.count, why: e.why });
  }
  return list.sort((a, b) => compare(a.eventSource, b.eventSource) || compare(a.eventName, b.eventName));
}

/** A role's usage is the union of its sessions'. */
function rollUp(role: RoleEntry, sessions: SessionUsage[]): RoleUsage {
  const accesses = new Map<string, AccessUsage>();
  const denied = new Map<string, DeniedAttempt>();
  const unmapped = new Map<string, UnmappedEvent>();
  const merge = <T extends { count: number; firstSeen?: string; lastSeen?: string; errorCount?: number }>(
    table: Map<string, T>,
    key: string,
    item: T,
  ): void => {
    const found = table.get(key);
    if (!found) {
      table.set(key, { ...item });
      return;
    }
    found.count += item.count;
    if (found.errorCount !== undefined && item.errorCount !== undefined) found.errorCount += item.errorCount;
    if (item.firstSeen && found.firstSeen && item.firstSeen < found.firstSeen)
      found.firstSeen = item.firstSeen;
    if (item.lastSeen && found.lastSeen && item.lastSeen > found.lastSeen) found.lastSeen = item.lastSeen;
  };
  for (const s of sessions) {
    for (const a of s.accesses) merge(accesses, a.action + SEP + a.resource, a);
    for (const d of s.denied)
      merge(denied, [d.action, d.resource, d.errorCode, d.eventSource, d.eventName].join(SEP), d);
    for (const u of s.unmapped) merge(unmapped, u.eventSource + SEP + u.eventName, u);
  }
  return {
    roleArn: role.roleArn,
    roleName: role.roleName,
    accountId: role.accountId,
    accesses: [...accesses.values()].sort(
      (a, b) => compare(a.action, b.action) || compare(a.resource, b.resource),
    ),
    denied: [...denied.values()].sort(
      (a, b) =>
        compare(a.action, b.action) || compare(a.resource, b.resource) || compare(a.errorCode, b.errorCode),
    ),
    unmapped: [...unmapped.values()].sort(
      (a, b) => compare(a.eventSource, b.eventSource) || compare(a.eventName, b.eventName),
    ),
    sessions,
    eventCount: sessions.reduce((n, s) => n + s.eventCount, 0),
    firstSeen: sessions.reduce((t, s) => (s.firstSeen < t ? s.firstSeen : t), sessions[0]?.firstSeen ?? ''),
    lastSeen: sessions.reduce((t, s) => (s.lastSeen > t ? s.lastSeen : t), sessions[0]?.lastSeen ?? ''),
  };
}
