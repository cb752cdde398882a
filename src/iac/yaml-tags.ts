/**
 * CloudFormation's short-form intrinsics as YAML tags, so `!Ref X`, `!GetAtt X.Arn`, `!Sub '…'`,
 * `!Join [ … ]` parse (as plain nodes that keep their tag) and are written back unchanged.
 */
import type { Tags } from 'yaml';

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
const INTRINSICS = [
  'And',
  'Base64',
  'Cidr',
  'Condition',
  'Equals',
  'FindInMap',
  'GetAZs',
  'GetAtt',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Ref',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'ToJsonString',
  'Length',
] as const;

export const CFN_TAGS: Tags = INTRINSICS.flatMap((name) => [
  { tag: `!${name}`, identify: () => false, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, identify: () => false, resolve: (value: unknown) => value },
  { tag: `!${name}`, collection: 'map' as const, identify: () => false, resolve: (value: unknown) => value },
]) as Tags;
