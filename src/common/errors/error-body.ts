import { HttpException } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Translator } from '../../localization/translator';
import { requestLanguage } from '../../localization/request-language';
import { AppError } from './app-error';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; code: string; message: string }[];
  requestId: string;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Fastify's own errors (raised before a route runs) by their `code`. */
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_EMPTY_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_BAD_URL: [400, 'BAD_REQUEST'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'URI_TOO_LONG'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'BAD_REQUEST'],
};

/** Driver errors that mean the database is unreachable, not that the request was wrong. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  // Transient contention: the same request will very likely succeed when retried.
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
]);

function errorCodeOf(exception: unknown): string | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const own = (exception as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const driver = (exception as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof driver === 'string' ? driver : undefined;
}

/** Maps anything thrown to an AppError; undefined means unexpected (a 500). */
export function classify(exception: unknown): AppError | undefined {
  if (exception instanceof AppError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return new AppError(
      CODE_BY_STATUS[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR'),
      status,
    );
  }
  const code = errorCodeOf(exception);
  if (code && FASTIFY_CODES[code]) {
    const [status, appCode] = FASTIFY_CODES[code];
    return new AppError(appCode, status);
  }
  if (
    exception instanceof SyntaxError &&
    (exception as { statusCode?: number }).statusCode === 400
  ) {
    return new AppError('MALFORMED_JSON', 400);
  }
  if (code && UNAVAILABLE_CODES.has(code)) {
    return new AppError('SERVICE_UNAVAILABLE', 503, {}, undefined, { 'retry-after': '5' });
  }
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(CODE_BY_STATUS[status] ?? 'BAD_REQUEST', status);
  }
  return undefined;
}

export function renderError(
  error: AppError,
  request: FastifyRequest,
  translator: Translator,
): ErrorBody {
  const lang = requestLanguage(request);
  const messageKey = translator.has(lang, `errors.${error.code}`)
    ? error.code
    : (CODE_BY_STATUS[error.status] ?? 'INTERNAL_ERROR');
  const body: ErrorBody = {
    statusCode: error.status,
    code: error.code,
    message: translator.t(lang, `errors.${messageKey}`, error.params),
    requestId: String(request.id),
  };
  if (error.fieldErrors?.length) {
    body.errors = error.fieldErrors.map((fieldError) => ({
      field: fieldError.field,
      code: fieldError.code,
      // A field may fail with a whole error's code (an item of a batch: NO_PLACES_LEFT).
      message: translator.t(
        lang,
        [fieldError.messageKey, `validation.${fieldError.code}`, `errors.${fieldError.code}`].find(
          (key): key is string => key !== undefined && translator.has(lang, key),
        ) ?? 'validation.INVALID',
        fieldError.params,
      ),
    }));
  }
  return body;
}

export function internalError(request: FastifyRequest, translator: Translator): ErrorBody {
  return renderError(new AppError('INTERNAL_ERROR', 500), request, translator);
}
