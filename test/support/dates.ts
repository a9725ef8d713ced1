export const DAY_MS = 86_400_000;

/** The date (YYYY-MM-DD, UTC) this many days from now; negative for days ago. */
export function soon(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}
