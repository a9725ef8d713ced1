import { Role } from '../common/auth/caller';
import type { OrganizationType } from '../organizations/organization.entity';

const ORGANIZATION_TYPE_FOR_ROLE: Record<Role, OrganizationType> = {
  organizer: 'committee',
  school_coordinator: 'school',
  partner: 'partner',
};

/** A role only makes sense in its kind of organization: organizers in the committee, and so on. */
export function roleFitsOrganization(role: Role, organizationType: OrganizationType): boolean {
  return ORGANIZATION_TYPE_FOR_ROLE[role] === organizationType;
}

export function organizationTypeFor(role: Role): OrganizationType {
  return ORGANIZATION_TYPE_FOR_ROLE[role];
}
