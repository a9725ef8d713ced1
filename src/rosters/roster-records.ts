import { ListedPerson } from './roster-view';
import { orderRoster, RosterHeader, RosterPerson } from './roster-content';
import { AdminRosterVersionDto, RosterVersionDto } from './dto/roster.dto';
import { RosterVersion } from './roster-version.entity';

export function byParticipant<T extends RosterPerson>(people: T[]): Map<string, T> {
  return new Map(people.map((p) => [p.participantId, p]));
}

export function headerOf(source: RosterHeader): RosterHeader {
  return {
    direction: source.direction,
    departureDate: source.departureDate,
    returnDate: source.returnDate,
    hostOrganizationId: source.hostOrganizationId,
  };
}

export function listedOf(people: RosterPerson[]): ListedPerson[] {
  return orderRoster(people).map((p, i) => ({ ...p, position: i + 1 }));
}

export function versionDto(row: RosterVersion, current: boolean): RosterVersionDto {
  return {
    version: row.version,
    hash: row.hash,
    lockedAt: row.lockedAt,
    memberCount: row.memberCount,
    current,
    partnerDecision: row.partnerDecision,
    partnerDecidedAt: row.partnerDecidedAt,
    rejectionReason: row.rejectionReason,
  };
}

export function adminVersionDto(row: RosterVersion, current: boolean): AdminRosterVersionDto {
  return {
    ...versionDto(row, current),
    lockedById: row.lockedById,
    override: row.overrideReason
      ? { reason: row.overrideReason, checks: (row.overriddenChecks ?? '').split(',') }
      : null,
  };
}
