/** Small helpers for reading already-parsed JSON of a known AWS shape. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Appends tokens to a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerJoin(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** AWS tag lists (`[{ Key, Value }]`) or tag maps (`{ key: value }`) as a map, keys sorted. */
export function readTags(value: unknown): Record<string, string> {
  const pairs: [string, string][] = [];
  if (Array.isArray(value)) {
    for (const tag of value) {
      if (isRecord(tag) && typeof tag['Key'] === 'string')
        pairs.push([tag['Key'], stringOr(tag['Value'], '')]);
    }
  } else if (isRecord(value)) {
    for (const [key, tagValue] of Object.entries(value)) pairs.push([key, stringOr(tagValue, '')]);
  }
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(pairs);
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** The fields of an ARN (`arn:partition:service:region:account:resource`), or undefined if it is not one. */
export function splitArn(
  arn: string,
): { partition: string; service: string; region: string; accountId: string; resource: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return {
    partition: parts[1] ?? '',
    service: parts[2] ?? '',
    region: parts[3] ?? '',
    accountId: parts[4] ?? '',
    resource: parts.slice(5).join(':'),
  };
}
