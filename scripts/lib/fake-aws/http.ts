/** What every fake service shares: the request as read, the reply, pagination and request IDs. */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakeRequest {
  method: string;
  /** Decoded path, without the query string. */
  path: string;
  /** The path as sent (still percent-encoded), for S3 keys and Lambda function names. */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** From the SigV4 credential scope (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`). */
  region: string;
  requestId: string;
}

export interface FakeReply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export function reply(status: number, contentType: string, body: string | Buffer, headers = {}): FakeReply {
  return { status, headers: { 'content-type': contentType, ...headers }, body };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function send(res: ServerResponse, out: FakeReply, requestId: string): void {
  const body = typeof out.body === 'string' ? Buffer.from(out.body) : out.body;
  res.writeHead(out.status, {
    ...out.headers,
    'content-length': String(body.length),
    'x-amzn-requestid': requestId,
    'x-amz-request-id': requestId,
  });
  res.end(body);
}

/** A request ID that depends only on the request, so that runs are repeatable. */
export function requestIdOf(method: string, url: string, body: Buffer): string {
  const hex = createHash('sha256').update(method).update(url).update(body).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** One page of `items` from an opaque token (the offset, base64) and a page size. */
export function page<T>(
  items: readonly T[],
  token: string | null | undefined,
  size: number,
): { items: T[]; next: string | undefined } {
  const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  const from = Number.isInteger(start) && start > 0 ? start : 0;
  const end = from + Math.max(1, size);
  return {
    items: items.slice(from, end),
    next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}

/** A page size asked for (MaxItems, MaxKeys, …), capped by the server's own. */
export function pageSize(asked: string | null | undefined, serverMax: number): number {
  const n = asked ? Number(asked) : NaN;
  return Number.isInteger(n) && n > 0 ? Math.min(n, serverMax) : serverMax;
}
