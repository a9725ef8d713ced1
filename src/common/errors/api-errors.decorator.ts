import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, OpenAPIObject } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto';

export const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BODY_TOO_DEEP: 400,
  MALFORMED_MULTIPART: 400,
  IMPORT_FAILED: 400,
  UNKNOWN_COLUMN: 400,
  DUPLICATE_COLUMN: 400,
  MISSING_COLUMN: 400,
  DUPLICATE_IN_FILE: 400,
  NO_ROWS: 400,
  TOO_MANY_ROWS: 400,
  UNREADABLE_FILE: 400,
  INVALID_CREDENTIALS: 401,
  UNAUTHORIZED: 401,
  INVALID_REFRESH_TOKEN: 401,
  REFRESH_TOKEN_REUSED: 401,
  ACCOUNT_DISABLED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROSTER_NOT_LOCKED: 404,
  EMAIL_TAKEN: 409,
  LAST_ORGANIZER: 409,
  ILLEGAL_TRANSITION: 409,
  PLACES_BELOW_TAKEN: 409,
  NO_PLACES_LEFT: 409,
  APPLICATION_WINDOW_CLOSED: 409,
  DUPLICATE_APPLICATION: 409,
  DECISIONS_REFUSED: 409,
  WITHDRAWAL_TOO_LATE: 409,
  DELEGATION_NOT_DECIDING: 409,
  ROSTER_NOT_READY: 409,
  ROSTER_NOT_LOCKABLE: 409,
  ROSTER_EMPTY: 409,
  ROSTER_UNCHANGED: 409,
  ROSTER_VERSION_MISMATCH: 409,
  ROSTER_NOT_AWAITING_APPROVAL: 409,
  ROSTER_CHANGED_SINCE_LOCK: 409,
  ROSTER_TRANSITION: 409,
  ROSTER_ALREADY_LOCKED: 409,
  TRANSLATION_MISSING: 409,
  NOTICE_ARCHIVED: 409,
  WEBHOOK_LIMIT_REACHED: 409,
  NOTIFICATION_ALREADY_SENT: 409,
  PASSPORT_CONFLICT_RESOLVED: 409,

  ROLE_ORGANIZATION_MISMATCH: 422,
  AGE_OUT_OF_RANGE: 422,
  GUARDIAN_CONSENT_MISSING: 422,

  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** Documents the error codes a route can answer with, all in the one error shape. */
export function ApiErrors(
  ...codes: (keyof typeof STATUS_BY_CODE)[]
): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status = STATUS_BY_CODE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ApiExtraModels(ErrorResponseDto),
    ...[...byStatus].map(([status, list]) =>
      ApiResponse({
        status,
        description: `Error codes: ${list.join(', ')}`,
        schema: { $ref: getSchemaPath(ErrorResponseDto) },
      }),
    ),
  );
}

/**
 * Errors any operation can answer with, added to every operation of the document:
 * 500 (with a request id), and for a JSON body 400 MALFORMED_JSON, 413 and 415.
 */
export function documentCommonErrors(document: OpenAPIObject): OpenAPIObject {
  const error = (codes: string) => ({
    description: `Error codes: ${codes}`,
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } },
  });
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses;
      responses['500'] ??= error('INTERNAL_ERROR');
      if (operation.requestBody) {
        const existing = responses['400'] as { description?: string } | undefined;
        responses['400'] = error(
          existing?.description
            ? `${existing.description.replace('Error codes: ', '')}, MALFORMED_JSON, BODY_TOO_DEEP`
            : 'MALFORMED_JSON, BODY_TOO_DEEP',
        );
        responses['413'] ??= error('PAYLOAD_TOO_LARGE');
        responses['415'] ??= error('UNSUPPORTED_MEDIA_TYPE');
      }
    }
  }
  return document;
}
