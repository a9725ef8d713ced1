/** `@Transform` functions shared by DTOs; each leaves non-strings for the validators to refuse. */
type Input = { value: unknown };

export const trim = ({ value }: Input) => (typeof value === 'string' ? value.trim() : value);

/** E-mail addresses are compared lower-cased and without surrounding spaces. */
export const trimLower = ({ value }: Input) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** A query string carries `true`/`false` as text. */
export const queryBoolean = ({ value }: Input) =>
  value === 'true' ? true : value === 'false' ? false : value;
