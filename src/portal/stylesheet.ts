import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CSS = readFileSync(join(__dirname, 'assets', 'portal.css'));
const ICON = readFileSync(join(__dirname, 'assets', 'icon.svg'));
const hash = (content: Buffer) => createHash('sha256').update(content).digest('hex').slice(0, 12);

/**
 * The portal's one stylesheet (print rules included), named by its content: a browser
 * keeps it for a year and asks again only when a release changes it.
 */
export const STYLESHEET_PATH = `/assets/portal-${hash(CSS)}.css`;
/** The site's icon, so that browsers do not ask for /favicon.ico on every page. */
export const ICON_PATH = `/assets/icon-${hash(ICON)}.svg`;

export function registerStylesheet(scope: FastifyInstance): void {
  for (const [path, type, content] of [
    [STYLESHEET_PATH, 'text/css; charset=utf-8', CSS],
    [ICON_PATH, 'image/svg+xml', ICON],
  ] as const) {
    scope.get(path, (_request, reply) =>
      reply
        .header('content-type', type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(content),
    );
  }
  // Pages without an icon link (the public site's) make browsers ask for /favicon.ico:
  // the same icon, for a day (its own address may change with a release).
  scope.get('/favicon.ico', (_request, reply) =>
    reply
      .code(301)
      .header('location', ICON_PATH)
      .header('cache-control', 'public, max-age=86400')
      .send(),
  );
}
