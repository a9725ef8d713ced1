import type { Ctx } from '../database/transactions';

/**
 * Who is in a delegation, as notices need it: the schools a delegation's notice goes to,
 * and the delegations whose notices a school reads. Notices define the question and the
 * applications feature answers it (bound in DelegationMembersModule), so that notices,
 * and the public pages that read them, import nothing that holds personal data.
 */
export abstract class DelegationMembers {
  /** Schools with an application to the delegation still in the running. */
  abstract schoolIdsIn(ctx: Ctx, delegationId: string): Promise<string[]>;
  /** Delegations the school has an application to, still in the running. */
  abstract delegationIdsOfSchool(ctx: Ctx, schoolId: string): Promise<string[]>;
}
