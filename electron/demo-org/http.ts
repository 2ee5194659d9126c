/** Request and response plumbing shared by the demo org's routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadOAuthToken, SfError } from './errors';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Objects and arrays are sent as JSON; strings as-is (CSV, HTML). */
  body?: unknown;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({ status, body, headers });

export function errorReply(err: SfError): Reply {
  if (err instanceof BadOAuthToken) return { status: 403, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: 'Bad_OAuth_Token' };
  return { status: err.status, body: err.body() };
}

const MAX_BODY = 5 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new SfError(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request body is too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJsonBody(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SfError(400, 'JSON_PARSER_ERROR', `Unexpected character in the request body: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SfError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  return value as Record<string, unknown>;
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload: string | undefined;
  if (reply.body !== undefined) {
    if (typeof reply.body === 'string') payload = reply.body;
    else {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] ??= 'application/json;charset=UTF-8';
    }
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}
