/**
 * A fake AWS endpoint over an account folder, for trying `pare --live` and `--s3` without an account:
 *
 *   node --import tsx scripts/fake-aws.ts [--port 0] [--folder examples/wild-rydes]
 *     [--bucket wild-rydes-trail] [--page-size N] [--log]
 *
 * then, in another shell, `AWS_ENDPOINT_URL=http://127.0.0.1:PORT` (and any fake credentials) for pare.
 * It serves IAM, Lambda, S3, CloudTrail LookupEvents and Account ListRegions read-only; see scripts/lib/fake-aws/.
 */
import { parseArgs } from 'node:util';
import { startFakeAws } from './lib/fake-aws/server.js';
import { join } from 'node:path';
import { REPO_ROOT } from './lib/output.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    folder: { type: 'string', default: join(REPO_ROOT, 'examples/wild-rydes') },
    bucket: { type: 'string', default: 'wild-rydes-trail' },
    'page-size': { type: 'string' },
    log: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
const pageSize = values['page-size'] !== undefined ? Number(values['page-size']) : undefined;
if (
  !Number.isInteger(port) ||
  port < 0 ||
  (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0))
) {
  process.stderr.write(
    'fake-aws: --port takes a port number (0: any free one), --page-size a positive number\n',
  );
  process.exit(2);
}
const fake = await startFakeAws({
  folder: values.folder,
  bucket: values.bucket,
  port,
  ...(pageSize !== undefined ? { pageSize } : {}),
  ...(values.log ? { log: (line: string) => process.stderr.write(`${line}\n`) } : {}),
});
process.stdout.write(`listening on ${fake.url}\n`);
