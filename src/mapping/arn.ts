/**
 * ARN formats from the IAM catalog (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), compiled once:
 * a regex that recognises ARNs of the type, and a builder that fills the placeholders.
 */
export const CONTEXT_PLACEHOLDERS = ['Partition', 'Region', 'Account'] as const;
export type ContextPlaceholder = (typeof CONTEXT_PLACEHOLDERS)[number];

type Part = { literal: string } | { placeholder: string };

export interface ArnFormat {
  service: string;
  type: string;
  text: string;
  parts: Part[];
  /** Placeholders other than Partition, Region and Account: the names a rule must supply. */
  names: string[];
  regex: RegExp;
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;

export function compileFormat(service: string, type: string, text: string): ArnFormat {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push({ literal: text.slice(last, m.index) });
    parts.push({ placeholder: m[1] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  const names = parts.flatMap((p) =>
    'placeholder' in p && !isContext(p.placeholder) && !p.placeholder.startsWith('aws:')
      ? [p.placeholder]
      : [],
  );
  const body = parts
    .map((p, i) => {
      // A `*` in the catalog's format (dms `rep:*`) stands for any id.
      if ('literal' in p) return p.literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      if (p.placeholder === 'Partition') return '[^:]+';
      if (p.placeholder === 'Region' || p.placeholder === 'Account') return '[^:]*';
      // A trailing name may hold anything (S3 keys contain colons); inner names stop at a colon.
      return i === parts.length - 1 ? '.+' : '[^:]+';
    })
    .join('');
  return { service, type, text, parts, names, regex: new RegExp(`^${body}$`) };
}

export function isContext(name: string): name is ContextPlaceholder {
  return (CONTEXT_PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * Fills every placeholder from `value`, or returns undefined when one has no value. An empty string is a
 * value: AWS-owned resources have ARNs without an account (`arn:aws:ssm:us-east-1::document/AWS-…`).
 */
export function buildArn(
  format: ArnFormat,
  value: (placeholder: string) => string | undefined,
): string | undefined {
  let out = '';
  for (const part of format.parts) {
    if ('literal' in part) {
      out += part.literal;
      continue;
    }
    const v = value(part.placeholder);
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

/** The ARN partition of a region, from the longest matching prefix; `aws` for the commercial regions. */
export function partitionOf(
  region: string,
  prefixes: readonly { regionPrefix: string; partition: string }[],
): string {
  for (const p of prefixes) if (region.startsWith(p.regionPrefix)) return p.partition;
  return 'aws';
}
