import { Language } from '../../localization/language';

export const ROLES = ['organizer', 'school_coordinator', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: set by the authentication guard, read by every scoped query. */
export interface Caller {
  userId: string;
  role: Role;
  organizationId: string;
  preferredLanguage: Language;
  sessionId: string;
  /** The request being served, for the audit log. */
  requestId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}
