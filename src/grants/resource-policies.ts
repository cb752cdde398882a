/**
 * `--resource-policies` files: the policies and ACLs of the resources that trigger functions, told
 * apart by content:
 * - `aws s3api get-bucket-policy` (`{"Policy": "<json>"}`): the bucket from the statements' Resource;
 * - `aws s3api get-bucket-acl` (`{"Owner", "Grants"}`): the bucket from a `Bucket` key when present,
 *   else from the file name (`<bucket>.json`, `<bucket>.acl.json`);
 * - `aws sqs get-queue-attributes` / `aws sns get-topic-attributes` (`{"Attributes": {"Policy": …}}`):
 *   the queue or topic from QueueArn / TopicArn when requested, else from the policy's Resource.
 * A `get-policy` output of a Lambda function is accepted here too.
 */
import { InputError } from '../errors.js';
import type { BucketAcl, PolicyResourceType, ResourcePolicy } from '../model/inventory.js';
import { isRecord, pointerJoin, splitArn } from './json-shape.js';
import { unqualifiedFunctionArn } from './lambda-triggers.js';
import { normaliseResourcePolicy } from './resource-policy.js';

const NOT_A_POLICY_FILE =
  'not a resource policy file: expected the output of aws s3api get-bucket-policy or get-bucket-acl, aws sqs get-queue-attributes or aws sns get-topic-attributes';

export interface ResourcePolicyPart {
  policies: ResourcePolicy[];
  bucketAcls: BucketAcl[];
}

export function parseResourcePolicyFile(json: unknown, file: string): ResourcePolicyPart {
  if (!isRecord(json)) throw new InputError(file, NOT_A_POLICY_FILE);
  if (typeof json['Policy'] === 'string') {
    const statements = normaliseResourcePolicy(json['Policy'], { file, pointer: '/Policy' });
    const named = typeof json['Bucket'] === 'string' ? `arn:aws:s3:::${json['Bucket']}` : undefined;
    const owner = ownerOf(named ? [named] : statements.flatMap((s) => s.Resource ?? []), file, '/Policy');
    return { policies: [{ ...owner, statements, file }], bucketAcls: [] };
  }
  if (Array.isArray(json['Grants'])) {
    return { policies: [], bucketAcls: [parseAcl(json, json['Grants'], file)] };
  }
  const attributes = json['Attributes'];
  if (isRecord(attributes)) {
    const policy = attributes['Policy'];
    // A queue or topic without a policy: only its owner may use it, nothing to report.
    if (policy === undefined) return { policies: [], bucketAcls: [] };
    const statements = normaliseResourcePolicy(policy, { file, pointer: '/Attributes/Policy' });
    const own = [attributes['TopicArn'], attributes['QueueArn']].filter(
      (a): a is string => typeof a === 'string',
    );
    const owner = ownerOf(
      own.length > 0 ? own : statements.flatMap((s) => s.Resource ?? []),
      file,
      '/Attributes/Policy',
    );
    return { policies: [{ ...owner, statements, file }], bucketAcls: [] };
  }
  throw new InputError(file, NOT_A_POLICY_FILE);
}

/** The one resource a policy is attached to, from the ARNs it names. */
function ownerOf(
  resources: readonly string[],
  file: string,
  pointer: string,
): { resourceType: PolicyResourceType; resourceArn: string } {
  for (const arn of resources) {
    const parts = splitArn(arn);
    if (!parts || /[*?]/.test(parts.resource.split('/')[0] ?? '*')) continue;
    if (parts.service === 's3')
      return {
        resourceType: 's3-bucket',
        resourceArn: `arn:${parts.partition}:s3:::${parts.resource.split('/')[0]}`,
      };
    if (parts.service === 'sqs') return { resourceType: 'sqs-queue', resourceArn: arn };
    if (parts.service === 'sns') return { resourceType: 'sns-topic', resourceArn: arn };
    const fn = unqualifiedFunctionArn(arn);
    if (fn) return { resourceType: 'lambda-function', resourceArn: fn };
  }
  throw new InputError(
    file,
    'cannot tell which bucket, queue, topic or function the policy belongs to: its Resource names none (add "Bucket", or ask for QueueArn / TopicArn)',
    pointer,
  );
}

function parseAcl(json: Record<string, unknown>, list: unknown[], file: string): BucketAcl {
  const bucket = typeof json['Bucket'] === 'string' ? json['Bucket'] : bucketFromFileName(file);
  if (!bucket)
    throw new InputError(
      file,
      'a bucket ACL names no bucket: add "Bucket" or name the file <bucket>.acl.json',
    );
  const grants = list.map((raw, i) => {
    const at = pointerJoin('', 'Grants', i);
    const grantee = isRecord(raw) ? raw['Grantee'] : undefined;
    if (!isRecord(raw) || !isRecord(grantee) || typeof raw['Permission'] !== 'string')
      throw new InputError(file, 'ACL grant has no Grantee or Permission', at);
    // Groups are named by URI; other grantees by canonical id or e-mail, never public.
    const who = grantee['URI'] ?? grantee['ID'] ?? grantee['EmailAddress'] ?? grantee['Type'];
    return { grantee: typeof who === 'string' ? who : 'unknown', permission: raw['Permission'] };
  });
  return { bucket, grants, file };
}

function bucketFromFileName(file: string): string | undefined {
  const base = file.split(/[\\/]/).at(-1) ?? '';
  const name = base.replace(/\.json$/i, '').replace(/\.(acl|policy)$/i, '');
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ? name : undefined;
}
