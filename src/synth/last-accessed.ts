/**
 * What IAM's last-accessed data says about one granted action, next to what pare saw. IAM counts every
 * attempt (refused ones too) for at least 400 days: when it saw a service or a tracked action used since
 * the window began and pare saw no call for it, pare's evidence has a gap (data events not recorded,
 * log files missing) and the grant must stay.
 */
import type { ServiceLastAccessed } from '../model/last-accessed.js';

export interface IamActivity {
  /** By service prefix, lower case. */
  services: ReadonlyMap<string, ServiceLastAccessed>;
  /** The analysis window (ISO times). */
  since: string;
  until: string;
  /** Actions pare saw the role attempt in the window, used or refused, in lower case. */
  seen: ReadonlySet<string>;
}

/** The activity of one role: its report, the window, and the actions pare saw it attempt. */
export function iamActivity(
  services: readonly ServiceLastAccessed[],
  window: { since: string; until: string },
  seen: Iterable<string>,
): IamActivity {
  return {
    services: new Map(services.map((s) => [s.service, s])),
    since: window.since,
    until: window.until,
    seen: new Set([...seen].map((a) => a.toLowerCase())),
  };
}

/** The last time IAM saw the action (where it tracks actions) or its service used; null for never. */
export interface IamLastAccessed {
  at: string | null;
  of: 'action' | 'service';
}

/** undefined when the report does not list the action's service (the role's policies do not allow it). */
export function iamLastAccessed(activity: IamActivity, action: string): IamLastAccessed | undefined {
  const service = serviceOf(action);
  const entry = activity.services.get(service);
  if (!entry) return undefined;
  const tracked = entry.actions?.find((a) => a.action.toLowerCase() === action.toLowerCase());
  if (tracked) return { at: tracked.lastAccessed ?? null, of: 'action' };
  return { at: entry.lastAuthenticated ?? null, of: 'service' };
}

/**
 * The time IAM last saw the action used, when that is since the window began and pare saw nothing to
 * explain it: the action itself where IAM tracks it, else any call to its service.
 */
export function iamGap(activity: IamActivity, action: string): IamLastAccessed | undefined {
  const last = iamLastAccessed(activity, action);
  if (!last || last.at === null || last.at < activity.since) return undefined;
  if (last.of === 'action') return activity.seen.has(action.toLowerCase()) ? undefined : last;
  const prefix = `${serviceOf(action)}:`;
  for (const seen of activity.seen) if (seen.startsWith(prefix)) return undefined;
  return last;
}

function serviceOf(action: string): string {
  return action.slice(0, action.indexOf(':')).toLowerCase();
}
