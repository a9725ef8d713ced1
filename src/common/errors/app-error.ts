import { ErrorCode, statusOf } from './error-codes';

/** A problem with one input field, reported under `errors`. */
export interface FieldError {
  field: string;
  code: string;
  /** i18n key under `validation.` and its parameters; the filter renders the message. */
  params?: Record<string, unknown>;
  /** A full i18n key tried before `validation.<code>`, for codes of a feature's own. */
  messageKey?: string;
}

/**
 * Every expected failure: a code of the registry (the i18n key under `errors.`) and
 * parameters for the localized message. The status comes from the registry, so the code
 * is all a use case or a domain rule says; the one exception filter builds the response.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly fieldErrors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(code);
    this.status = statusOf(code);
  }
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');
export const unauthorized = (code: ErrorCode = 'UNAUTHORIZED') => new AppError(code);
export const fieldError = (field: string, code: string, params?: Record<string, unknown>) =>
  new AppError('VALIDATION_FAILED', {}, [{ field, code, params }]);
