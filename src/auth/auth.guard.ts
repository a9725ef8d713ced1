import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { Role } from '../common/auth/caller';
import { PUBLIC_KEY, ROLES_KEY } from '../common/auth/decorators';
import { forbidden, unauthorized } from '../common/errors/app-error';
import { AuthService } from './auth.service';
import { bearerToken } from '../common/http/bearer';

/** Every route needs a valid access token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthorized();
    request.caller = { ...(await this.auth.authenticate(token)), requestId: String(request.id) };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.caller.role)) throw forbidden();
    return true;
  }
}
