import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { ROOT } from './cli.js';

/**
 * The vendored OASIS schema is draft-04 (`id`, `$schema` draft-04); ajv speaks draft-07, which reads
 * every keyword this schema uses the same way once the identifier is spelled `$id`.
 */
export function sarifValidator(): (value: unknown) => string[] {
  const schema = JSON.parse(
    readFileSync(join(ROOT, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as Record<string, unknown>;
  const { id, ...rest } = schema;
  delete rest['$schema'];
  // The schema's language-tag pattern has a stray `]`, which only non-unicode RegExps accept.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///') && !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile({ ...rest, $id: String(id) });
  return (value) => {
    validate(value);
    return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  };
}
