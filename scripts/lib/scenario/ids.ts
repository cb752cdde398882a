/**
 * AWS-shaped identifiers. IAM unique IDs and access key IDs are a four-letter type prefix plus
 * base32 characters (IAM user guide, "Unique identifiers"): AROA role, AIDA user, AGPA group,
 * ANPA managed policy, AIPA instance profile, ASIA temporary access key, AKIA long-term key.
 */
import type { Prng } from '../prng.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export type IamIdPrefix = 'AROA' | 'AIDA' | 'AGPA' | 'ANPA' | 'AIPA';

/** A stable ID for a named entity: the same name always gets the same ID within one seed. */
export function iamId(prng: Prng, prefix: IamIdPrefix, name: string): string {
  return prefix + prng.fork(`${prefix}:${name}`).chars(BASE32, 17);
}

export function temporaryAccessKey(prng: Prng): string {
  return `ASIA${prng.chars(BASE32, 16)}`;
}

export function longTermAccessKey(prng: Prng, name: string): string {
  return `AKIA${prng.fork(`AKIA:${name}`).chars(BASE32, 16)}`;
}

/** CloudFormation's physical-name suffix: 12–13 upper-case letters and digits. */
export function cfnSuffix(prng: Prng, logicalName: string): string {
  return prng.fork(`cfn:${logicalName}`).upperAlnum(13);
}

/** A public-looking egress address in one of a region's AWS ranges (fixed per environment). */
export function awsEgressIp(prng: Prng): string {
  const blocks = [
    [3, 80, 95],
    [34, 200, 239],
    [44, 192, 223],
    [54, 80, 175],
  ] as const;
  const [a, lo, hi] = prng.pick(blocks);
  return `${a}.${prng.int(lo, hi)}.${prng.int(0, 255)}.${prng.int(1, 254)}`;
}
