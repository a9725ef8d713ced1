import { Injectable } from '@nestjs/common';
import type { Audience } from './portal-page';

export interface PortalRoute {
  method: 'GET' | 'POST';
  /** The path after the language, e.g. `/school/people/:id`. */
  path: string;
  audience: Audience;
}

/**
 * The portal's routes as registered, one entry per path (each is served under every
 * language): what the authorization tests walk through, so that a new page cannot be
 * added without its expectation.
 */
@Injectable()
export class PortalRoutes {
  private readonly registered: PortalRoute[] = [];

  add(route: PortalRoute): void {
    this.registered.push(route);
  }

  list(): readonly PortalRoute[] {
    return this.registered;
  }
}
