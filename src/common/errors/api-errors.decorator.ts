import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, OpenAPIObject } from '@nestjs/swagger';
import { ErrorCode, statusOf } from './error-codes';
import { ErrorResponseDto } from './error-response.dto';

/** Documents the error codes a route can answer with, all in the one error shape. */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) {
    const status = statusOf(code);
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
