import type { Role } from '../common/auth/caller';
import type { Language } from '../localization/language';
import type { OrganizationType } from '../organizations/organization.entity';

/** The Bull queue the deliveries go through (with REDIS_URL). */
export const NOTIFICATIONS_QUEUE = 'notifications';

/** Stable event names: webhooks subscribe to them and in-app messages carry them. */
export const NOTIFICATION_EVENTS = [
  'application.submitted',
  'application.decided',
  'application.offered',
  'roster.locked',
  'roster.approved',
  'roster.rejected',
  'delegation.confirmed',
  'notice.published',
  'reminder.application_deadline',
  'reminder.passport_expiry',
  'passport.conflict',
] as const;
export type NotificationEventName = (typeof NOTIFICATION_EVENTS)[number];

export const CHANNELS = ['email', 'in_app', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

interface Criteria {
  organizationIds: readonly string[];
  organizationTypes: readonly OrganizationType[];
  roles: readonly Role[];
}

/**
 * Users matching every criterion given. A criterion with an empty list matches nobody
 * (the schools with approved people, when there are none, are no schools), and a filter
 * must name at least one criterion: "everyone" is never what an empty filter means.
 */
export type AudienceFilter = Partial<Criteria> &
  (
    | Pick<Criteria, 'organizationIds'>
    | Pick<Criteria, 'organizationTypes'>
    | Pick<Criteria, 'roles'>
  );

/**
 * Who receives an event: every active user, said as such, or a filter. Organizations'
 * webhooks follow their users, and the committee's webhooks see every event they
 * subscribe to.
 */
export type Audience = { everyone: true } | AudienceFilter;

export const EVERYONE: Audience = { everyone: true };

/**
 * An outbox row's audience. Rows written before `everyone` existed said it with `{}`
 * (only public notices did); any other filter is read as written.
 */
export function readAudience(json: string): Audience {
  const parsed = JSON.parse(json) as Partial<Criteria> & { everyone?: true };
  if (parsed.everyone) return EVERYONE;
  const named = (['organizationIds', 'organizationTypes', 'roles'] as const).some(
    (key) => parsed[key] !== undefined,
  );
  return named ? (parsed as AudienceFilter) : EVERYONE;
}

/** Text a template shows in the reader's language: a name in their script, a title. */
export type Localized = Record<Language, string>;

/** Template parameters: plain values, or one value per language. */
export type EventData = Record<string, string | number | Localized | null>;

/** What a use case hands over, inside its transaction. */
export interface NotificationEvent {
  event: NotificationEventName;
  audience: Audience;
  data: EventData;
  /** The channels to people; webhooks are added for every event. Default e-mail and in-app. */
  channels?: Channel[];
  /** A second event with the same key is dropped: schedules fire once however many workers run. */
  dedupeKey?: string;
  /** Not before this instant (digests). */
  availableAt?: Date;
  /** The person the event is about: it is listed in their copy of their data. */
  participantId?: string;
}

export function isLocalized(value: unknown): value is Localized {
  return typeof value === 'object' && value !== null && 'zh' in value && 'ru' in value;
}

/** Each parameter in the reader's language, the other language when one is missing. */
export function paramsIn(data: EventData, lang: Language): Record<string, string | number> {
  const other: Language = lang === 'zh' ? 'ru' : 'zh';
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [
      key,
      isLocalized(value) ? value[lang] || value[other] : (value ?? ''),
    ]),
  );
}

/**
 * Waits before try `attempt + 1` after `attempt` failed ones: base, 2·base, 4·base…
 * 15 tries from 5 s reach about 23 hours.
 */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}

/** The users and organizations an audience names, for matching a webhook's organization. */
export function audienceIncludes(
  audience: Audience,
  user: { organizationId: string; organizationType: OrganizationType; role: Role },
): boolean {
  if ('everyone' in audience) return true;
  return (
    (!audience.organizationIds || audience.organizationIds.includes(user.organizationId)) &&
    (!audience.organizationTypes || audience.organizationTypes.includes(user.organizationType)) &&
    (!audience.roles || audience.roles.includes(user.role))
  );
}
