import { readFileSync } from 'node:fs';
import type { RoleGrants } from '../../src/model/grants.js';
import type { PolicyDocument } from '../../src/model/policy.js';
import { normalisePolicyDocument } from '../../src/grants/policy-document.js';

const FIXTURES = new URL('../fixtures/grants/', import.meta.url);

export const fixturePath = (name: string): string => new URL(name, FIXTURES).pathname;

/** A fresh parse every call, so tests can mutate what they get. */
export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as unknown;
}

export function doc(raw: unknown): PolicyDocument {
  return normalisePolicyDocument(raw, { file: 'test.json', pointer: '' });
}

/** A role from inline statements (one inline policy) and an optional boundary's statements. */
export function roleWith(statements: unknown[], boundary?: unknown[]): RoleGrants {
  const role: RoleGrants = {
    arn: 'arn:aws:iam::111122223333:role/test',
    name: 'test',
    path: '/',
    accountId: '111122223333',
    policies: [
      { kind: 'inline', name: 'inline', document: doc({ Version: '2012-10-17', Statement: statements }) },
    ],
    tags: {},
  };
  if (boundary) {
    role.permissionsBoundary = {
      kind: 'managed',
      name: 'boundary',
      arn: 'arn:aws:iam::111122223333:policy/boundary',
      document: doc({ Version: '2012-10-17', Statement: boundary }),
    };
  }
  return role;
}

/** Property tests run from a fixed seed: the same cases every run (change it to explore others). */
export const PROPERTY_SEED = 20_241_201;
