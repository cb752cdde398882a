/**
 * eventTime → `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, milliseconds), so that string order is time order.
 * CloudTrail writes `2026-01-02T03:04:05Z`; that shape takes a fast path without Date or regexes.
 * Other shapes seen in exports and fixtures: a space instead of `T`, no zone (UTC is assumed, as in
 * CloudTrail Lake and Athena results), fractions of any length (truncated to milliseconds), offsets.
 * Anything else (`"..."`, `"eventTime"`, a number) is not a time: undefined.
 */
export function normaliseTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length === 20 && value.charCodeAt(19) === 0x5a /* Z */ && isCanonicalPrefix(value)) {
    return `${value.slice(0, 19)}.000Z`;
  }
  if (value.length === 24 && value.charCodeAt(23) === 0x5a && isCanonicalPrefix(value)) {
    if (value.charCodeAt(19) === 0x2e /* . */ && digits(value, 20, 23)) return value;
  }
  return slowPath(value);
}

const GENERAL =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)? ?(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

function slowPath(value: string): string | undefined {
  const m = GENERAL.exec(value.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  let time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digitsOnly = zone.slice(1).replace(':', '');
    const offset = Number(digitsOnly.slice(0, 2)) * 60 + Number(digitsOnly.slice(2) || '0');
    time -= sign * offset * 60_000;
  }
  const date = new Date(time);
  const iso = date.toISOString();
  // Years outside 0000–9999 print as ±YYYYYY and would break string ordering.
  return iso.length === 24 ? iso : undefined;
}

/** `YYYY-MM-DDTHH:MM:SS` with valid fields. */
function isCanonicalPrefix(v: string): boolean {
  if (
    v.charCodeAt(4) !== 0x2d ||
    v.charCodeAt(7) !== 0x2d ||
    v.charCodeAt(10) !== 0x54 ||
    v.charCodeAt(13) !== 0x3a ||
    v.charCodeAt(16) !== 0x3a
  ) {
    return false;
  }
  if (!digits(v, 0, 4) || !digits(v, 5, 7) || !digits(v, 8, 10)) return false;
  if (!digits(v, 11, 13) || !digits(v, 14, 16) || !digits(v, 17, 19)) return false;
  const year = num(v, 0, 4);
  const month = num(v, 5, 7);
  const day = num(v, 8, 10);
  return validDate(year, month, day) && num(v, 11, 13) < 24 && num(v, 14, 16) < 60 && num(v, 17, 19) < 60;
}

function digits(v: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function num(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (v.charCodeAt(i) - 0x30);
  return n;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (DAYS[month - 1] ?? 0);
}
