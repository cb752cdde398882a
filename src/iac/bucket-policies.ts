/**
 * Public bucket policies the IaC defines: where the analysis found an S3 bucket open to anyone
 * (`public-resource-policy`, `public-event-source-bucket`) and the template holds its
 * AWS::S3::BucketPolicy, the statements that grant `*` without a condition go, and the whole resource
 * when nothing else is left (as the ServerlessOps workshop does for the data lake bucket). A bucket with
 * a WebsiteConfiguration is public on purpose: it is left alone and said so.
 */
import type { Finding } from '../model/finding.js';
import type { PatchContext } from './model.js';
import { namedBy, type TemplateResource } from './references.js';
import type { TemplateView } from './template-view.js';
import { fromPlain } from './values.js';

type Plain = unknown;

export interface PublicBucketPolicy {
  /** Logical id of the AWS::S3::BucketPolicy. */
  policyId: string;
  bucket: string;
  findings: Finding[];
  /** The bucket hosts a website: its public policy is deliberate. */
  website: boolean;
  /** Sids (or positions) of the statements that let anyone in. */
  open: string[];
  /** The statements that stay; empty when the whole resource goes. */
  kept: Plain[];
}

const RULES = new Set<Finding['rule']>(['public-resource-policy', 'public-event-source-bucket']);

/** Bucket name → the findings that say it is open to anyone. */
export function publicBuckets(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (!RULES.has(finding.rule)) continue;
    for (const arn of finding.resources ?? []) {
      const bucket = /^arn:[^:]+:s3:::([^/]+)$/.exec(arn)?.[1];
      if (bucket) out.set(bucket, [...(out.get(bucket) ?? []), finding]);
    }
  }
  return out;
}

function record(value: Plain): Record<string, Plain> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, Plain>)
    : undefined;
}

/** Allow to `*` (or `{AWS: '*'}`) with no Condition: anyone on the internet. */
export function isOpenStatement(statement: Plain): boolean {
  const s = record(statement);
  if (!s || s['Effect'] !== 'Allow' || s['Condition'] !== undefined) return false;
  const principal = s['Principal'];
  if (principal === '*') return true;
  const aws = record(principal)?.['AWS'];
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function statementList(document: Plain): Plain[] {
  const statement = record(document)?.['Statement'];
  return Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
}

/** The logical id a `{ Ref: X }` names, or the literal bucket name. */
function bucketProperty(value: Plain): { ref?: string; name?: string } {
  if (typeof value === 'string') return { name: value };
  const ref = record(value)?.['Ref'];
  return typeof ref === 'string' ? { ref } : {};
}

/**
 * The template's bucket policies on buckets the findings name. `stacks` are the stack names the
 * template may be deployed as (generated bucket names contain them).
 */
export function publicBucketPolicies(
  resources: Record<string, Plain>,
  index: readonly TemplateResource[],
  findings: readonly Finding[],
  stacks: readonly string[],
): PublicBucketPolicy[] {
  const open = publicBuckets(findings);
  if (open.size === 0) return [];
  const out: PublicBucketPolicy[] = [];
  for (const [policyId, resource] of Object.entries(resources)) {
    const r = record(resource);
    if (r?.['Type'] !== 'AWS::S3::BucketPolicy') continue;
    const props = record(r['Properties']) ?? {};
    const target = bucketProperty(props['Bucket']);
    const bucketResource = index.find((x) => x.logicalId === target.ref && x.type === 'AWS::S3::Bucket');
    const bucket = [...open.keys()].find((name) =>
      target.name !== undefined
        ? target.name === name
        : bucketResource !== undefined &&
          (stacks.length === 0 ? [undefined] : stacks).some((stack) => namedBy(bucketResource, name, stack)),
    );
    if (bucket === undefined) continue;
    const statements = statementList(props['PolicyDocument']);
    const openOnes = statements.flatMap((s, i) =>
      isOpenStatement(s) ? [String(record(s)?.['Sid'] ?? `statement ${i + 1}`)] : [],
    );
    if (openOnes.length === 0) continue;
    const bucketProps = record(record(resources[target.ref ?? ''])?.['Properties']);
    out.push({
      policyId,
      bucket,
      findings: open.get(bucket) ?? [],
      website: bucketProps?.['WebsiteConfiguration'] !== undefined,
      open: openOnes,
      kept: statements.filter((s) => !isOpenStatement(s)),
    });
  }
  return out;
}

/** The edit line a patch header prints for one bucket policy. */
export function bucketPolicyEdit(p: PublicBucketPolicy): string {
  const why = p.findings.map((f) => `${f.rule}: ${f.message}`).join(' ');
  const what =
    p.kept.length === 0
      ? `${p.policyId} (AWS::S3::BucketPolicy): removed, its statements ${p.open.join(', ')} let anyone in`
      : `${p.policyId}: statements ${p.open.join(', ')} removed (they let anyone in), ${p.kept.length} kept`;
  return `${what}; finding ${why}`;
}

export function websiteNote(p: PublicBucketPolicy): string {
  return `${p.policyId}: left alone, bucket ${p.bucket} hosts a website (WebsiteConfiguration), public on purpose`;
}

/** A CloudFormation template's public bucket policies: open statements out, or the resource; notes for websites. */
export function patchBucketPolicies(
  view: TemplateView,
  resources: Record<string, Plain>,
  indexed: readonly TemplateResource[],
  stacks: readonly string[],
  context: PatchContext,
  edits: string[],
): string[] {
  const notes: string[] = [];
  for (const p of publicBucketPolicies(resources, indexed, context.findings, stacks)) {
    if (p.website) {
      notes.push(websiteNote(p));
      continue;
    }
    if (p.kept.length === 0) view.removeResource(p.policyId);
    else view.setIn(p.policyId, ['PolicyDocument', 'Statement'], p.kept.map(fromPlain));
    edits.push(bucketPolicyEdit(p));
  }
  return notes;
}
