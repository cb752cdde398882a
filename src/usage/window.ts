/**
 * The time window of a run. An absolute bound is an ISO instant; `days` counts back from the end of the
 * window. When the end is the last event in the data (the default), the window is whole UTC days: the
 * `days` calendar days that end with the day of the last event, so it can be resolved after one pass.
 */
export type WindowStart = { at: string } | { days: number };
export type WindowEnd = { at: string } | 'end-of-data';

export interface WindowSpec {
  since: WindowStart;
  until: WindowEnd;
}

export const DEFAULT_WINDOW: WindowSpec = { since: { days: 90 }, until: 'end-of-data' };

const DAY_MS = 86_400_000;

export function dayOf(isoTime: string): string {
  return isoTime.slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The absolute bounds known before reading, for filtering on the fly; undefined where data decides. */
export function fixedBounds(spec: WindowSpec): { since?: string; until?: string } {
  if (spec.until === 'end-of-data') {
    return 'at' in spec.since ? { since: spec.since.at } : {};
  }
  const until = spec.until.at;
  const since =
    'at' in spec.since ? spec.since.at : new Date(Date.parse(until) - spec.since.days * DAY_MS).toISOString();
  return { since, until };
}

/**
 * The first UTC day still inside the window, given the latest event seen so far. Days before it can be
 * dropped while reading: the final cutoff is never earlier than this one.
 */
export function firstDayForEnd(spec: WindowSpec, latest: string): string | undefined {
  if (spec.until !== 'end-of-data' || 'at' in spec.since) return undefined;
  return addDays(dayOf(latest), 1 - spec.since.days);
}

/** The window as reported, once the data's last event is known. */
export function resolveWindow(
  spec: WindowSpec,
  latest: string | undefined,
): { since: string; until: string } {
  const fixed = fixedBounds(spec);
  const until = fixed.until ?? latest ?? '1970-01-01T00:00:00.000Z';
  if (fixed.since) return { since: fixed.since, until };
  const firstDay = latest ? firstDayForEnd(spec, latest) : undefined;
  return { since: firstDay ? `${firstDay}T00:00:00.000Z` : until, until };
}
