import { Accounts1764300000000 } from './1764300000000-accounts';

/** Every migration, in order. Listed explicitly so ts-jest, ts and compiled js all load them. */
export const MIGRATIONS = [Accounts1764300000000];
