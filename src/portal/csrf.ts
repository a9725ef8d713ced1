import type { FastifyRequest } from 'fastify';

/**
 * What a CSRF token is bound to: the session it was made in (signing in or out retires
 * it); before signing in, a fixed word (the token library refuses an empty one).
 */
export function csrfUserInfo(request: FastifyRequest): string {
  return request.session.get('sid') ?? 'signed-out';
}
