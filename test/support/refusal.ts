import type { Response } from 'supertest';
import { ERRORS, ErrorCode } from '../../src/common/errors/error-codes';

/**
 * A supertest expectation that the API refused with exactly this code, and the status
 * the registry gives it: many codes share a status, so a status alone proves little.
 *
 *     await as(admin, 'post', url).expect(refusal('ROSTER_NOT_LOCKABLE'));
 */
export function refusal(code: ErrorCode): (response: Response) => void {
  return (response) => {
    const body = response.body as { code?: unknown } | undefined;
    if (response.status !== ERRORS[code] || body?.code !== code) {
      throw new Error(
        `expected ${ERRORS[code]} ${code}, got ${response.status} ${JSON.stringify(body?.code)}`,
      );
    }
  };
}

/**
 * The same check on a response already awaited, for tests that look at several answers:
 *
 *     expectRefused(await login(email, 'wrong-password'), 'INVALID_CREDENTIALS');
 */
export function expectRefused(response: Response, code: ErrorCode): void {
  refusal(code)(response);
}
