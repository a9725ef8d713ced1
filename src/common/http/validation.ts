import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidateIf, ValidationTypes } from 'class-validator';
import { AppError, FieldError } from '../errors/app-error';

/**
 * For a field of a PATCH: absent means "not given", but `null` is validated, and refused,
 * like any wrong value (IsOptional would let it through to a column that takes none).
 */
export const IsOmittable = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);

/** class-validator constraint names whose stable code reads better than the name itself. */
const CODE_BY_CONSTRAINT: Record<string, string> = {
  whitelistValidation: 'UNKNOWN_FIELD',
  isLength: 'LENGTH',
  isDefined: 'REQUIRED',
  isNotEmpty: 'REQUIRED',
  nestedValidation: 'NOT_AN_OBJECT',
  unknownValue: 'INVALID_BODY',
};

export function constraintCode(constraint: string): string {
  return (
    CODE_BY_CONSTRAINT[constraint] ??
    constraint.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()
  );
}

/** The arguments a decorator was declared with (`@MinLength(10)` → {p0: 10}), for messages. */
function constraintParams(error: ValidationError, constraint: string): Record<string, unknown> {
  const target = error.target?.constructor;
  if (!target) return {};
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find(
      (m) => m.propertyName === error.property && (m.name === constraint || m.type === constraint),
    );
  const args = (metadata?.constraints ?? []) as unknown[];
  return Object.fromEntries(
    args
      .filter((arg) => ['string', 'number'].includes(typeof arg) || Array.isArray(arg))
      .map((arg, i) => [`p${i}`, Array.isArray(arg) ? arg.join(', ') : arg]),
  );
}

/** Flattens nested class-validator errors into `guardian.phone`-style field paths. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.keys(error.constraints ?? {});
    // A missing value fails every rule of its field; one REQUIRED says it better.
    const missing =
      (error.value === undefined || error.value === null) &&
      constraints.length > 0 &&
      !constraints.includes('whitelistValidation');
    if (missing) return [{ field, code: 'REQUIRED', params: {} }];
    const own = constraints.map((constraint) => ({
      field,
      code: constraintCode(constraint),
      params: constraintParams(error, constraint),
    }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/**
 * Arrays where a nested DTO expects an object (`{"items": [[]]}`). class-validator's
 * ValidateNested takes an array for a list of nested objects and validates each element,
 * so an array inside passes as an empty list and reaches the service: refused here, at
 * every level, on the instance class-transformer built.
 */
export function misplacedArrays(value: object, parent = ''): FieldError[] {
  const nested = getMetadataStorage()
    .getTargetValidationMetadatas(value.constructor, '', true, false)
    .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
  return nested.flatMap((meta) => {
    const field = parent ? `${parent}.${meta.propertyName}` : meta.propertyName;
    const own: unknown = (value as Record<string, unknown>)[meta.propertyName];
    const items: [unknown, string][] =
      meta.each && Array.isArray(own)
        ? own.map((item, i): [unknown, string] => [item, `${field}.${i}`])
        : [[own, field]];
    return items.flatMap(([item, path]) => {
      if (Array.isArray(item)) return [{ field: path, code: 'NOT_AN_OBJECT', params: {} }];
      return typeof item === 'object' && item !== null ? misplacedArrays(item, path) : [];
    });
  });
}

/** A JSON body for a DTO must be an object: not an array, a string or null. */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (metadata.type === 'body' && value !== undefined && !isObject) {
      throw new AppError('VALIDATION_FAILED', {}, [{ field: '', code: 'INVALID_BODY' }]);
    }
    if (metadata.type === 'query' && isObject && 'lang' in value) {
      // `?lang=` chooses the response language on every route; no query DTO declares it.
      const rest: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      delete rest.lang;
      return super.transform(rest, metadata);
    }
    const transformed: unknown = await super.transform(value, metadata);
    if (typeof transformed === 'object' && transformed !== null) {
      const errors = misplacedArrays(transformed);
      if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
    }
    return transformed;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Values are read to tell a missing field from a wrong one; they never reach the response.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => {
      const fieldErrors = toFieldErrors(errors);
      return new AppError(
        'VALIDATION_FAILED',
        {},
        fieldErrors.length ? fieldErrors : [{ field: '', code: 'INVALID_BODY' }],
      );
    },
  });
}
