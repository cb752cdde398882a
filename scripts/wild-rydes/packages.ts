/**
 * Function packages as `aws lambda get-function` lets you download them (Code.Location), for
 * `pare audit --code`: legacy-fn ships a private key (a fake one, marked EXAMPLE), the canary deployer
 * only talks about keys.
 */
import { zipArchive } from '../lib/zip-writer.js';

// Assembled here so that the repository holds no literal key header for secret scanners to trip on.
const BEGIN = ['-----BEGIN', 'OPENSSH', 'PRIVATE', 'KEY-----'].join(' ');
const END = ['-----END', 'OPENSSH', 'PRIVATE', 'KEY-----'].join(' ');

const FAKE_KEY = [
  BEGIN,
  'EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE',
  'NOT-A-REAL-KEY-it-exists-so-that-pare-audit-has-something-to-find=====',
  END,
  '',
].join('\n');

const LEGACY_HANDLER = `// Console "Hello world" blueprint, edited in place.
import { readFileSync } from 'node:fs';

const deployKey = readFileSync(new URL('./.ssh/id_ed25519', import.meta.url), 'utf8');

export const handler = async (event) => {
  console.log('event', JSON.stringify(event));
  return { statusCode: 200, body: JSON.stringify({ ok: true, keyLoaded: deployKey.length > 0 }) };
};
`;

const DEPLOYER_HANDLER = `// Rolls ride-record builds out to the dev functions.
// Signing happens in CodeSigner with a key held in AWS Signer: there is no PRIVATE KEY file here.
import { LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';

const lambda = new LambdaClient({});

export const handler = async (event) => {
  const prefix = process.env.TARGET_PREFIX;
  for (const name of event.functions.filter((f) => f.startsWith(prefix))) {
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: name,
        S3Bucket: process.env.ARTIFACTS_BUCKET,
        S3Key: event.key,
      }),
    );
  }
  return { updated: event.functions.length };
};
`;

export function codePackages(names: { legacy: string; deployer: string }): { name: string; bytes: Buffer }[] {
  return [
    {
      name: `code/${names.legacy}.zip`,
      bytes: zipArchive(
        [
          { name: 'index.mjs', data: LEGACY_HANDLER },
          { name: '.ssh/id_ed25519', data: FAKE_KEY },
        ],
        '2025-02-17T19:44:58Z',
      ),
    },
    {
      name: `code/${names.deployer}.zip`,
      bytes: zipArchive([{ name: 'index.mjs', data: DEPLOYER_HANDLER }], '2026-08-20T12:03:40Z'),
    },
  ];
}
