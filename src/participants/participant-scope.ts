import { notFound } from '../common/errors/app-error';
import { Ctx, forUpdate, Tx } from '../database/transactions';
import { Participant } from './participant.entity';

/**
 * A participant as the use case's caller may see it: an organizer any, a school only its
 * own (another school's is 404, as if absent). Locked when the use case will change it.
 */
export async function findScoped(
  ctx: Ctx,
  id: string,
  options: { lock?: boolean } = {},
): Promise<Participant> {
  const caller = ctx.caller;
  const entity = await ctx.repo(Participant).findOne({
    where:
      !caller || caller.role === 'organizer' ? { id } : { id, schoolId: caller.organizationId },
    ...(options.lock && ctx instanceof Tx ? forUpdate(ctx) : {}),
  });
  if (!entity) throw notFound();
  return entity;
}
