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
 * Every expected failure: a stable UPPER_SNAKE code (the i18n key under `errors.`),
 * an HTTP status, and parameters for the localized message. The one exception
 * filter turns it into the response body.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly fieldErrors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(code);
  }
}

export const notFound = () => new AppError('NOT_FOUND', 404);
export const forbidden = () => new AppError('FORBIDDEN', 403);
export const unauthorized = (code = 'UNAUTHORIZED') => new AppError(code, 401);
export const conflict = (code: string, params?: Record<string, unknown>) =>
  new AppError(code, 409, params);
export const fieldError = (field: string, code: string, params?: Record<string, unknown>) =>
  new AppError('VALIDATION_FAILED', 400, {}, [{ field, code, params }]);
