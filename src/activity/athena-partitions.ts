import { addDays } from '../usage/window.js';
import { sqlIdentifier, sqlString } from './pushdown-quote.js';

/** What GetTableMetadata tells about a table: its columns, partition keys and table properties. */
export interface TableShape {
  columns: readonly string[];
  partitionKeys: readonly { name: string; type: string }[];
  /** Table properties: `projection.enabled`, `projection.<key>.format`, … */
  parameters: Readonly<Record<string, string>>;
}

/** A date partition's default layout when the table does not say (the trail's S3 path). */
const DEFAULT_FORMATS: Record<string, string> = {
  timestamp: 'yyyy/MM/dd',
  dt: 'yyyy-MM-dd',
  date: 'yyyy-MM-dd',
};

/** Java date formats with years, months and days, in that order: string order is date order. */
const ORDERED = /^yyyy([^A-Za-z']?)MM\1dd$/;

/**
 * Predicates on a date partition for the days `first`..`last` (UTC), so that Athena reads only those
 * partitions (partition projection computes them from the predicate; Glue partitions are pruned by it).
 * One day more than the window at the end: CloudTrail files the last minutes of a day under the next
 * day's prefix. A table without a date partition gets none: the eventtime filter still applies.
 */
export function partitionPredicates(table: TableShape, first: string, last: string): string[] {
  const end = addDays(last, 1);
  const keys = new Map(table.partitionKeys.map((k) => [k.name.toLowerCase(), k]));
  for (const name of Object.keys(DEFAULT_FORMATS)) {
    const key = keys.get(name);
    if (key === undefined || !isText(key.type)) continue;
    const format = table.parameters[`projection.${key.name}.format`] ?? DEFAULT_FORMATS[name] ?? '';
    const m = ORDERED.exec(format);
    if (m === null) continue;
    const sep = m[1] ?? '';
    const text = (day: string): string => sqlString(day.split('-').join(sep), 'partition value');
    return [`${sqlIdentifier(key.name, 'partition key')} BETWEEN ${text(first)} AND ${text(end)}`];
  }
  const [year, month, day] = ['year', 'month', 'day'].map((n) => keys.get(n));
  if (year === undefined || month === undefined || day === undefined) return [];
  const value = (key: { type: string }, digits: string): string =>
    isText(key.type) ? sqlString(digits, 'partition value') : String(Number(digits));
  const byMonth = new Map<string, string[]>();
  for (let d = first; d <= end; d = addDays(d, 1)) {
    const ym = d.slice(0, 7);
    byMonth.set(ym, [...(byMonth.get(ym) ?? []), d.slice(8, 10)]);
  }
  const q = (k: { name: string }): string => sqlIdentifier(k.name, 'partition key');
  const clauses = [...byMonth].map(
    ([ym, days]) =>
      `(${q(year)} = ${value(year, ym.slice(0, 4))} AND ${q(month)} = ${value(month, ym.slice(5, 7))} AND ${q(day)} IN (${days.map((dd) => value(day, dd)).join(', ')}))`,
  );
  return [`(${clauses.join('\n    OR ')})`];
}

function isText(type: string): boolean {
  return /^(string|varchar|char)/i.test(type);
}
