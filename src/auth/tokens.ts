import { createHash, randomBytes } from 'node:crypto';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_DAYS = 30;
export const JWT_ISSUER = 'youth-bridge';
export const JWT_AUDIENCE = 'youth-bridge-api';
export const JWT_ALGORITHM = 'HS256';

/** Claims carry identifiers only: no names, e-mails or roles a reader could learn from. */
export interface AccessClaims {
  sub: string;
  sid: string;
  ep: number;
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
