import type { Catalog } from '../catalog/catalog.js';
import { InputError } from '../errors.js';
import type { BlindSpotsFile } from './data.js';

/** Where CloudTrail records calls of an action, so that the synthesiser knows what absence means. */
export type Observability =
  | { kind: 'management' }
  | { kind: 'data'; eventSource: string; resourceType: string }
  | { kind: 'not-logged'; why: string };

export function compileObservability(
  blind: BlindSpotsFile,
  catalog: Catalog,
): { observability: Map<string, Observability>; dataEventNames: Map<string, Set<string>> } {
  const observability = new Map<string, Observability>();
  const add = (pattern: string, value: Observability, pointer: string): void => {
    const actions = catalog.expand(pattern);
    if (actions.length === 0) {
      throw new InputError(
        'mappings/blind-spots.json',
        `unknown action ${pattern}: the IAM catalog has none`,
        pointer,
      );
    }
    for (const a of actions) {
      const key = `${a.service}:${a.name}`.toLowerCase();
      const seen = observability.get(key);
      if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(value)) {
        throw new InputError(
          'mappings/blind-spots.json',
          `${a.service}:${a.name} is listed twice, differently`,
          pointer,
        );
      }
      observability.set(key, value);
    }
  };
  blind.notLogged.forEach((entry, i) =>
    entry.actions.forEach((a, j) =>
      add(a, { kind: 'not-logged', why: entry.why }, `/notLogged/${i}/actions/${j}`),
    ),
  );
  const dataEventNames = new Map<string, Set<string>>();
  blind.dataEvents.forEach((entry, i) => {
    const value: Observability = {
      kind: 'data',
      eventSource: entry.eventSource,
      resourceType: entry.resourceType,
    };
    entry.actions.forEach((a, j) => add(a, value, `/dataEvents/${i}/actions/${j}`));
    const names = dataEventNames.get(entry.eventSource) ?? new Set<string>();
    for (const n of entry.eventNames) names.add(n);
    dataEventNames.set(entry.eventSource, names);
  });
  return { observability, dataEventNames };
}
