import { Accounts1764300000000 } from './1764300000000-accounts';
import { Applications1764400003000 } from './1764400003000-applications';

import { AuditLog1764400000000 } from './1764400000000-audit-log';
import { Delegations1764400001000 } from './1764400001000-delegations';
import { Participants1764400002000 } from './1764400002000-participants';
import { Rosters1764500000000 } from './1764500000000-rosters';
import { Notices1764600000000 } from './1764600000000-notices';
import { Notifications1764700000000 } from './1764700000000-notifications';
import { ApplicationsSchoolOrder1764800000000 } from './1764800000000-applications-school-order';
import { ParticipantsSchoolNameOrder1764900000000 } from './1764900000000-participants-school-name-order';
import { CyrillicSource1765000000000 } from './1765000000000-cyrillic-source';
import { PassportConflicts1765000001000 } from './1765000001000-passport-conflicts';
import { AuditVocabulary1765000002000 } from './1765000002000-audit-vocabulary';
import { NoticeEmails1765000003000 } from './1765000003000-notice-emails';
import { WebhookSlots1765000009000 } from './1765000009000-webhook-slots';
import { BrowserSessions1765100000000 } from './1765100000000-browser-sessions';
import { DataLifecycle1765200000000 } from './1765200000000-data-lifecycle';
import { Statistics1765300000000 } from './1765300000000-statistics';

/** Every migration, in order. Listed explicitly so ts-jest, ts and compiled js all load them. */
export const MIGRATIONS = [
  Accounts1764300000000,
  AuditLog1764400000000,
  Delegations1764400001000,
  Participants1764400002000,
  Applications1764400003000,
  Rosters1764500000000,
  Notices1764600000000,
  Notifications1764700000000,
  ApplicationsSchoolOrder1764800000000,
  ParticipantsSchoolNameOrder1764900000000,
  CyrillicSource1765000000000,
  PassportConflicts1765000001000,
  AuditVocabulary1765000002000,
  NoticeEmails1765000003000,
  WebhookSlots1765000009000,
  BrowserSessions1765100000000,
  DataLifecycle1765200000000,
  Statistics1765300000000,
];
