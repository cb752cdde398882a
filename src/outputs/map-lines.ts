import type { MappingResult } from '../model/access.js';
import type { Event } from '../model/event.js';
import { compare } from '../model/order.js';

/** One line of `pare map`: what pare says one record needed, and why. */
export function mapLine(event: Event, result: MappingResult): string {
  const accesses = result.status === 'mapped' ? result.accesses : [];
  return JSON.stringify({
    eventID: event.eventID,
    eventTime: event.eventTime,
    eventSource: event.eventSource,
    eventName: event.eventName,
    principal: event.principal.arn ?? event.principal.roleArn ?? event.principal.type,
    ...(event.errorCode ? { errorCode: event.errorCode } : {}),
    status: result.status,
    actions: [...new Set(accesses.map((a) => a.action))].sort(compare),
    resources: [...new Set(accesses.map((a) => a.resource))].sort(compare),
    accesses,
    why: result.status === 'mapped' ? result.why : [result.why],
  });
}

export interface MapSummary {
  records: number;
  statuses: Record<MappingResult['status'], number>;
  unknown: { eventSource: string; eventName: string; count: number; why: string }[];
  actions: number;
  /** Accesses whose action takes resource-level permissions, and how many of them name an ARN. */
  resourceLevel: { accesses: number; concrete: number };
}

export class MapCounter {
  private records = 0;
  private readonly statuses: MapSummary['statuses'] = {
    mapped: 0,
    'no-permission': 0,
    'not-an-api-call': 0,
    unknown: 0,
  };
  private readonly unknown = new Map<string, MapSummary['unknown'][number]>();
  private readonly actions = new Set<string>();
  private resourceLevel = { accesses: 0, concrete: 0 };

  add(event: Event, result: MappingResult): void {
    this.records++;
    this.statuses[result.status]++;
    if (result.status === 'unknown') {
      const key = `${event.eventSource} ${event.eventName}`;
      const entry = this.unknown.get(key) ?? {
        eventSource: event.eventSource,
        eventName: event.eventName,
        count: 0,
        why: result.why,
      };
      entry.count++;
      this.unknown.set(key, entry);
    }
    if (result.status !== 'mapped') return;
    for (const a of result.accesses) {
      this.actions.add(a.action);
      if (a.wildcard === 'wildcard-only') continue;
      this.resourceLevel.accesses++;
      if (a.resource !== '*') this.resourceLevel.concrete++;
    }
  }

  summary(): MapSummary {
    return {
      records: this.records,
      statuses: { ...this.statuses },
      unknown: [...this.unknown.values()].sort(
        (a, b) => compare(a.eventSource, b.eventSource) || compare(a.eventName, b.eventName),
      ),
      actions: this.actions.size,
      resourceLevel: { ...this.resourceLevel },
    };
  }
}

export function renderMapSummary(s: MapSummary): string {
  const lines = [`pare map: ${s.records} records`];
  for (const [status, count] of Object.entries(s.statuses)) lines.push(`  ${status.padEnd(16)} ${count}`);
  const { accesses, concrete } = s.resourceLevel;
  lines.push(
    `  ${s.actions} distinct actions; ${concrete} of ${accesses} accesses to actions with resource-level permissions name an ARN` +
      (accesses > 0 ? ` (${((100 * concrete) / accesses).toFixed(1)}%)` : ''),
  );
  if (s.unknown.length > 0) {
    lines.push('', 'unknown (eventSource eventName: records):');
    for (const u of s.unknown) lines.push(`  ${u.eventSource} ${u.eventName}: ${u.count}`);
  }
  return `${lines.join('\n')}\n`;
}
