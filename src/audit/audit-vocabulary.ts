/**
 * The words of the audit log: what was done (a plain verb) and to what kind of record.
 * One closed list each, so a new use case cannot invent a spelling the audit API's
 * filter and its readers do not know; the OpenAPI document lists both.
 */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'import',
  'submit',
  'withdraw',
  'decision',
  'offer',
  'transition',
  'publish',
  'archive',
  'lock',
  'approve',
  'reject',
  'export',
  'reveal',
  'consent',
  'conflict',
  'resolve',
  'enable',
  'retry',
  'erase',
  'hold',
  'release',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = [
  'participant',
  'application',
  'delegation',
  'roster',
  'travel_regime',
  'notice',
  'webhook',
  'notification_delivery',
  'passport_conflict',
  'consent_text',
  'legal_hold',
  'retention_run',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
