/** The fields a partial input actually sets: DTO instances carry every declared field. */
export function definedFieldsOf<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** Names of the fields `changes` would change on `entity`, for the audit log. */
export function changedFieldsOf<E extends object>(entity: E, changes: Partial<E>): string[] {
  return Object.entries(changes)
    .filter(([field, value]) => !sameValue(entity[field as keyof E], value))
    .map(([field]) => field);
}
