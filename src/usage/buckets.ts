/** Counts with first and last seen, kept per UTC day so a window of whole days can be applied at the end. */
export interface Bucket {
  count: number;
  errorCount: number;
  first: string;
  last: string;
}

export type DayBuckets = Map<string, Bucket>;

/** `count` records of one day, between `first` and `last`: one event, or a group an engine counted. */
export interface Hit {
  count: number;
  first: string;
  last: string;
}

export function addToDays(days: DayBuckets, day: string, hit: Hit, isError: boolean): void {
  const bucket = days.get(day);
  if (bucket) {
    bucket.count += hit.count;
    if (isError) bucket.errorCount += hit.count;
    if (hit.first < bucket.first) bucket.first = hit.first;
    if (hit.last > bucket.last) bucket.last = hit.last;
  } else {
    days.set(day, {
      count: hit.count,
      errorCount: isError ? hit.count : 0,
      first: hit.first,
      last: hit.last,
    });
  }
}

export function mergeDays(into: DayBuckets, from: DayBuckets): void {
  for (const [day, b] of from) {
    const bucket = into.get(day);
    if (bucket) {
      bucket.count += b.count;
      bucket.errorCount += b.errorCount;
      if (b.first < bucket.first) bucket.first = b.first;
      if (b.last > bucket.last) bucket.last = b.last;
    } else {
      into.set(day, { ...b });
    }
  }
}

/** Drops the days before `firstDay`; true when nothing is left. */
export function pruneDays(days: DayBuckets, firstDay: string): boolean {
  for (const day of days.keys()) if (day < firstDay) days.delete(day);
  return days.size === 0;
}

/** The sum over the days from `firstDay` on, or undefined when none of them has a count. */
export function total(days: DayBuckets, firstDay: string | undefined): Bucket | undefined {
  let sum: Bucket | undefined;
  for (const [day, b] of days) {
    if (firstDay !== undefined && day < firstDay) continue;
    if (!sum) sum = { ...b };
    else {
      sum.count += b.count;
      sum.errorCount += b.errorCount;
      if (b.first < sum.first) sum.first = b.first;
      if (b.last > sum.last) sum.last = b.last;
    }
  }
  return sum;
}
