import {
  createParamDecorator,
  CustomDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Caller, Role } from './caller';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** Reachable without a token (login, health, docs). Everything else needs one. */
export const Public = (): CustomDecorator => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call; others get 403 FORBIDDEN. */
export const Roles = (...roles: Role[]): CustomDecorator => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
  if (!caller) throw new Error('CurrentUser used on a public route');
  return caller;
});
