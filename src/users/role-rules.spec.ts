import { ROLES } from '../common/auth/caller';
import { ORGANIZATION_TYPES } from '../organizations/organization.entity';
import { roleFitsOrganization } from './role-rules';

describe('roleFitsOrganization', () => {
  it.each([
    ['organizer', 'committee', true],
    ['organizer', 'school', false],
    ['organizer', 'partner', false],
    ['school_coordinator', 'school', true],
    ['school_coordinator', 'committee', false],
    ['school_coordinator', 'partner', false],
    ['partner', 'partner', true],
    ['partner', 'school', false],
    ['partner', 'committee', false],
  ] as const)('%s in a %s: %s', (role, type, expected) => {
    expect(roleFitsOrganization(role, type)).toBe(expected);
  });

  it('gives every role exactly one kind of organization', () => {
    for (const role of ROLES) {
      expect(ORGANIZATION_TYPES.filter((type) => roleFitsOrganization(role, type))).toHaveLength(1);
    }
  });
});
