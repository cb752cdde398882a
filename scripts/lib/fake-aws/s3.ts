/**
 * S3 in REST XML, over the folder's logs/ as the one bucket's contents: ListObjectsV2 (prefix,
 * delimiter, continuation-token, max-keys) and GetObject, path-style or virtual-hosted.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AccountFolder } from './account.js';
import { page, pageSize, reply, type FakeReply, type FakeRequest } from './http.js';
import { escapeXml } from './xml.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** S3's MaxKeys default and cap. */
const S3_PAGE = 1000;

type Entry = { kind: 'object'; key: string; size: number } | { kind: 'prefix'; prefix: string };

export function s3Service(
  account: AccountFolder,
  bucket: string,
  serverPage: number,
): (req: FakeRequest) => Promise<FakeReply> {
  return async (req) => {
    const fail = (status: number, code: string, message: string, extra = ''): FakeReply =>
      s3Error(status, code, message, req.requestId, extra);
    const { name, key } = address(req);
    if (name === '')
      return fail(501, 'NotImplemented', 'The fake AWS endpoint does not implement s3 ListBuckets.');
    if (name !== bucket)
      return fail(
        404,
        'NoSuchBucket',
        'The specified bucket does not exist',
        `<BucketName>${escapeXml(name)}</BucketName>`,
      );
    if (req.method === 'GET' && key === '' && req.query.get('list-type') === '2') return list(req, name);
    if (req.method === 'GET' && key !== '' && [...req.query.keys()].every((k) => k === 'x-id')) {
      const object = account.objects.find((o) => o.key === key);
      if (object === undefined)
        return fail(404, 'NoSuchKey', 'The specified key does not exist.', `<Key>${escapeXml(key)}</Key>`);
      return reply(200, 'application/octet-stream', await readFile(object.file), {
        etag: `"${createHash('md5').update(object.key).digest('hex')}"`,
        'last-modified': new Date(deliveredAt(object.key)).toUTCString(),
      });
    }
    return fail(
      501,
      'NotImplemented',
      `The fake AWS endpoint does not implement s3 ${req.method} ${req.path}?${req.query.toString()}.`,
    );
  };

  function list(req: FakeRequest, name: string): FakeReply {
    const prefix = req.query.get('prefix') ?? '';
    const delimiter = req.query.get('delimiter') ?? '';
    const encode =
      req.query.get('encoding-type') === 'url'
        ? (s: string) => encodeURIComponent(s).replace(/%2F/g, '/')
        : (s: string) => s;
    const entries: Entry[] = [];
    const seen = new Set<string>();
    for (const o of account.objects) {
      if (!o.key.startsWith(prefix)) continue;
      const cut = delimiter === '' ? -1 : o.key.indexOf(delimiter, prefix.length);
      if (cut < 0) entries.push({ kind: 'object', key: o.key, size: o.size });
      else {
        const common = o.key.slice(0, cut + delimiter.length);
        if (!seen.has(common)) entries.push({ kind: 'prefix', prefix: common });
        seen.add(common);
      }
    }
    const { items, next } = page(
      entries,
      req.query.get('continuation-token'),
      pageSize(req.query.get('max-keys'), Math.min(S3_PAGE, serverPage)),
    );
    const body = [
      `<Name>${escapeXml(name)}</Name><Prefix>${escapeXml(encode(prefix))}</Prefix>`,
      delimiter !== '' ? `<Delimiter>${escapeXml(encode(delimiter))}</Delimiter>` : '',
      `<MaxKeys>${S3_PAGE}</MaxKeys><KeyCount>${items.length}</KeyCount><IsTruncated>${next !== undefined}</IsTruncated>`,
      req.query.has('continuation-token')
        ? `<ContinuationToken>${escapeXml(req.query.get('continuation-token') ?? '')}</ContinuationToken>`
        : '',
      next !== undefined ? `<NextContinuationToken>${next}</NextContinuationToken>` : '',
      ...items.map((e) =>
        e.kind === 'prefix'
          ? `<CommonPrefixes><Prefix>${escapeXml(encode(e.prefix))}</Prefix></CommonPrefixes>`
          : `<Contents><Key>${escapeXml(encode(e.key))}</Key><LastModified>${new Date(deliveredAt(e.key)).toISOString()}</LastModified>` +
            `<Size>${e.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      ),
      req.query.get('encoding-type') === 'url' ? '<EncodingType>url</EncodingType>' : '',
    ];
    return reply(
      200,
      'application/xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${NS}">${body.join('')}</ListBucketResult>`,
    );
  }
}

export function s3Error(
  status: number,
  code: string,
  message: string,
  requestId: string,
  extra = '',
): FakeReply {
  return reply(
    status,
    'application/xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`,
  );
}

/** The bucket from `bucket.host` (virtual-hosted) or the first path segment (path-style), then the key. */
function address(req: FakeRequest): { name: string; key: string } {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  const segments = req.rawPath.split('/').slice(1);
  const virtual = /^(.+)\.(127\.0\.0\.1|localhost)$/.exec(host)?.[1];
  const parts = virtual !== undefined ? [virtual, ...segments] : segments;
  const [name = '', ...rest] = parts;
  return { name: decodeURIComponent(name), key: rest.map(decodeURIComponent).join('/') };
}

/** A trail file's delivery time from its name (`…_20261128T2355Z_…`); the epoch when it has none. */
function deliveredAt(key: string): number {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/.exec(key);
  return m === null ? 0 : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
}
