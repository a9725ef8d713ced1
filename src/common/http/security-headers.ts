import helmet, { HelmetOptions } from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';

/**
 * JSON responses are never rendered by a browser, so they carry the short set OWASP's
 * REST guidance asks for. Documents (HTML) get Helmet's full set on top.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * Sent only on a request that arrived over HTTPS (directly, or through a trusted proxy
 * saying `X-Forwarded-Proto: https`): over plain HTTP a browser ignores it, and a
 * development server on localhost must not pin every site there to HTTPS.
 */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Helmet's headers, computed once: they do not depend on the request, and building them
 * per request (as the Fastify plugin does) cost more than the /health route itself.
 */
export function documentSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  // Helmet only sets headers; invalid options throw when the middleware is built.
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  // Set per request, over HTTPS only (see HSTS).
  delete headers['strict-transport-security'];
  return headers;
}
