import { UsageError } from '../errors.js';
import type { WindowEnd, WindowSpec, WindowStart } from '../usage/window.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DURATION = /^(\d+)([dw])$/;

function instant(flag: string, value: string, endOfDay: boolean): string {
  const text = DATE.test(value) ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : value;
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new UsageError(
      `${flag} ${value}: not a date (2026-08-01), a time (2026-08-01T12:00:00Z) or a duration (90d, 12w)`,
    );
  return new Date(ms).toISOString();
}

/**
 * `--since 90d | 2026-08-01 | <ISO time>` and `--until now | 2026-11-01 | <ISO time>`. A date in --until
 * means the end of that day. Without --until the window ends with the last event in the data, so the
 * same logs give the same output whenever pare runs.
 */
export function parseWindow(
  since: string | undefined,
  until: string | undefined,
  now: () => Date,
): WindowSpec {
  let end: WindowEnd = 'end-of-data';
  if (until !== undefined)
    end = { at: until === 'now' ? now().toISOString() : instant('--until', until, true) };
  let start: WindowStart = { days: 90 };
  if (since !== undefined) {
    const m = DURATION.exec(since);
    if (m) {
      const n = Number(m[1]) * (m[2] === 'w' ? 7 : 1);
      if (n < 1) throw new UsageError(`--since ${since}: the window must be at least one day`);
      start = { days: n };
    } else {
      start = { at: instant('--since', since, false) };
    }
  }
  if ('at' in start && end !== 'end-of-data' && start.at > end.at) {
    throw new UsageError(`--since ${since ?? ''} is after --until ${until ?? ''}`);
  }
  return { since: start, until: end };
}
