import { HttpException } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Translator } from '../../localization/translator';
import { Language } from '../../localization/language';
import { requestLanguage } from '../../localization/request-language';
import { AppError, FieldError } from './app-error';
import { codeForStatus, ErrorCode } from './error-codes';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; code: string; message: string }[];
  requestId: string;
}

/** Fastify's own errors (raised before a route runs) by their `code`. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
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
    return new AppError(codeForStatus(status));
  }
  const code = errorCodeOf(exception);
  if (code && FASTIFY_CODES[code]) return new AppError(FASTIFY_CODES[code]);
  if (
    exception instanceof SyntaxError &&
    (exception as { statusCode?: number }).statusCode === 400
  ) {
    return new AppError('MALFORMED_JSON');
  }
  if (code && UNAVAILABLE_CODES.has(code)) {
    return new AppError('SERVICE_UNAVAILABLE', {}, undefined, { 'retry-after': '5' });
  }
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(codeForStatus(status));
  }
  return undefined;
}

export function renderError(
  error: AppError,
  request: FastifyRequest,
  translator: Translator,
): ErrorBody {
  const lang = requestLanguage(request);
  const body: ErrorBody = {
    statusCode: error.status,
    code: error.code,
    message: errorMessage(translator, lang, error),
    requestId: String(request.id),
  };
  if (error.fieldErrors?.length) {
    body.errors = error.fieldErrors.map((fieldError) => ({
      field: fieldError.field,
      code: fieldError.code,
      message: fieldErrorMessage(translator, lang, fieldError),
    }));
  }
  return body;
}

/** An error's message in `lang`; a code without its own text says what its status means. */
export function errorMessage(translator: Translator, lang: Language, error: AppError): string {
  const key = translator.has(lang, `errors.${error.code}`)
    ? error.code
    : codeForStatus(error.status);
  return translator.t(lang, `errors.${key}`, error.params);
}

/** One field's problem in `lang`: the same words for a JSON body and for a form. */
export function fieldErrorMessage(
  translator: Translator,
  lang: Language,
  fieldError: FieldError,
): string {
  // A field may fail with a whole error's code (an item of a batch: NO_PLACES_LEFT).
  return translator.t(
    lang,
    [fieldError.messageKey, `validation.${fieldError.code}`, `errors.${fieldError.code}`].find(
      (key): key is string => key !== undefined && translator.has(lang, key),
    ) ?? 'validation.INVALID',
    fieldError.params,
  );
}

export function internalError(request: FastifyRequest, translator: Translator): ErrorBody {
  return renderError(new AppError('INTERNAL_ERROR'), request, translator);
}
