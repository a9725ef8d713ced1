import { Application } from '../applications/application.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { AuthSession } from '../auth/auth-session.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { Delegation } from '../delegations/delegation.entity';
import { TravelRegime } from '../delegations/travel-regime.entity';
import { Notice } from '../notices/notice.entity';
import { Delivery } from '../notifications/delivery.entity';
import { DeliveryTally } from '../notifications/delivery-tally.entity';
import { OutboxEntry } from '../notifications/outbox-entry.entity';
import { UserNotification } from '../notifications/user-notification.entity';
import { WebhookEndpoint } from '../notifications/webhook-endpoint.entity';
import { Organization } from '../organizations/organization.entity';
import { Consent } from '../participants/consent.entity';
import { ConsentText } from '../participants/consent-text.entity';
import { Participant } from '../participants/participant.entity';
import { PassportConflict } from '../participants/passport-conflict.entity';
import { RosterMember } from '../rosters/roster-member.entity';
import { RosterVersion } from '../rosters/roster-version.entity';
import { LegalHold } from '../retention/legal-hold.entity';
import { RetentionRun } from '../retention/retention-run.entity';
import { User } from '../users/user.entity';

/** Every entity, for the data source shared by the app, the CLI and the schema-sync test. */
export const ENTITIES = [
  Organization,
  User,
  AuthSession,
  RefreshToken,
  AuditEntry,
  TravelRegime,
  Delegation,
  Participant,
  Consent,
  PassportConflict,
  Application,
  RosterVersion,
  RosterMember,
  Notice,
  OutboxEntry,
  WebhookEndpoint,
  Delivery,
  DeliveryTally,
  UserNotification,
  ConsentText,
  LegalHold,
  RetentionRun,
];
