import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { isPublicAddress } from './address-guard';

export type UrlProblem = 'WEBHOOK_URL_INVALID' | 'WEBHOOK_URL_PRIVATE' | 'WEBHOOK_URL_UNRESOLVED';

const resolveAll = (host: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** Checks a receiver's URL when it is registered; delivery checks the addresses again. */
export async function checkWebhookUrl(
  raw: string,
  allowPrivate: boolean,
): Promise<UrlProblem | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'WEBHOOK_URL_INVALID';
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.hash) {
    return 'WEBHOOK_URL_INVALID';
  }
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPublicAddress(host) ? null : 'WEBHOOK_URL_PRIVATE';
  try {
    const addresses = await resolveAll(host);
    return addresses.every((a) => isPublicAddress(a.address)) ? null : 'WEBHOOK_URL_PRIVATE';
  } catch {
    return 'WEBHOOK_URL_UNRESOLVED';
  }
}

/** `sha256=<hex>` over `<timestamp>.<body>`, the receiver's check of origin and freshness. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const STANDARD_PREFIX = 'whsec_';
/** Standard Webhooks' advice for key sizes; its libraries read any. */
const STANDARD_KEY_BYTES = { min: 24, max: 64 };

/**
 * A client's secret: printable ASCII, so that its bytes are the same in every language a
 * receiver is written in, or `whsec_<base64>` as Standard Webhooks' tools generate them.
 * Canonical base64 only, as the standardwebhooks libraries refuse anything looser.
 */
export function isValidWebhookSecret(secret: string): boolean {
  if (!secret.startsWith(STANDARD_PREFIX)) return /^[\x20-\x7e]+$/.test(secret);
  const encoded = secret.slice(STANDARD_PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  return (
    key.toString('base64') === encoded &&
    key.length >= STANDARD_KEY_BYTES.min &&
    key.length <= STANDARD_KEY_BYTES.max
  );
}

/** The key Standard Webhooks signs with: a `whsec_` secret's base64, else the secret's bytes. */
function standardKey(secret: string): Buffer {
  return secret.startsWith(STANDARD_PREFIX)
    ? Buffer.from(secret.slice(STANDARD_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

/** The same key in the form `new Webhook(secret)` of the standardwebhooks libraries reads. */
export function standardWebhookSecret(secret: string): string {
  return `${STANDARD_PREFIX}${standardKey(secret).toString('base64')}`;
}

/** `webhook-signature` of Standard Webhooks: `v1,<base64>` over `<id>.<timestamp>.<body>`. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): string {
  const hmac = createHmac('sha256', standardKey(secret)).update(`${id}.${timestamp}.${body}`);
  return `v1,${hmac.digest('base64')}`;
}

export interface WebhookResult {
  /** 2xx */
  delivered: boolean;
  status?: number;
  /** 410: the receiver is gone for good; the endpoint is disabled. */
  gone: boolean;
  /** Will not succeed on a retry (an address the guard refuses). */
  permanent: boolean;
  error?: string;
}

/**
 * Resolves like `dns.lookup` but refuses private addresses, at connect time: a name that
 * resolved to a public address at registration cannot be re-pointed inward (DNS rebinding).
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const allowed = addresses.filter((a) => isPublicAddress(a.address));
    if (!allowed.length) {
      return callback(Object.assign(new Error('address not allowed'), { code: 'EBLOCKED' }), '', 0);
    }
    if (options.all)
      return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0].address, allowed[0].family);
  });
};

/** One signed POST; never throws. */
export function postWebhook(input: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}): Promise<WebhookResult> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      return resolve({ delivered: false, gone: false, permanent: true, error: 'invalid URL' });
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!input.allowPrivate && isIP(host) && !isPublicAddress(host)) {
      return resolve({
        delivered: false,
        gone: false,
        permanent: true,
        error: 'address not allowed',
      });
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(input.body),
          'user-agent': 'YouthBridge-Webhooks/1',
          ...input.headers,
        },
        lookup: input.allowPrivate ? undefined : guardedLookup,
        signal: AbortSignal.timeout(input.timeoutMs),
      },
      (res) => {
        // The answer's body is not used; read it so the connection can be reused.
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve({
            delivered: status >= 200 && status < 300,
            status,
            gone: status === 410,
            permanent: status === 410,
            error: status >= 200 && status < 300 ? undefined : `HTTP ${status}`,
          });
        });
        res.on('error', (error) =>
          resolve({ delivered: false, gone: false, permanent: false, error: error.message }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        delivered: false,
        gone: false,
        permanent: error.code === 'EBLOCKED',
        error:
          error.name === 'AbortError' || error.name === 'TimeoutError' ? 'timeout' : error.message,
      }),
    );
    req.end(input.body);
  });
}
