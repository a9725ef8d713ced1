import {
  audienceIncludes,
  EVERYONE,
  paramsIn,
  readAudience,
  retryDelayMs,
} from './notification-events';
import { deliveryId } from './deliveries.service';

describe('notification events', () => {
  it('give each reader their own language, the other one when theirs is missing', () => {
    const data = {
      participant: { zh: '李雨轩', ru: 'Ли Юйсюань' },
      title: { zh: '', ru: 'Только по-русски' },
      version: 2,
      note: null,
    };
    expect(paramsIn(data, 'zh')).toEqual({
      participant: '李雨轩',
      title: 'Только по-русски',
      version: 2,
      note: '',
    });
    expect(paramsIn(data, 'ru')).toMatchObject({ participant: 'Ли Юйсюань' });
  });

  it.each([
    [1, 5000],
    [2, 10_000],
    [3, 20_000],
    [14, 5000 * 2 ** 13],
  ])('wait base·2^(n-1) after the nth failed try (%i → %i ms)', (attempt, delay) => {
    expect(retryDelayMs(attempt, 5000)).toBe(delay);
  });

  it('spread 15 tries from 5 s over about a day', () => {
    let total = 0;
    for (let attempt = 1; attempt < 15; attempt += 1) total += retryDelayMs(attempt, 5000);
    expect(total / 3_600_000).toBeGreaterThan(20);
    expect(total / 3_600_000).toBeLessThan(26);
  });

  it('match users to an audience on every criterion given', () => {
    const coordinator = {
      organizationId: 'school-a',
      organizationType: 'school' as const,
      role: 'school_coordinator' as const,
    };
    expect(audienceIncludes(EVERYONE, coordinator)).toBe(true);
    expect(audienceIncludes({ organizationTypes: ['school'] }, coordinator)).toBe(true);
    expect(audienceIncludes({ organizationTypes: ['partner'] }, coordinator)).toBe(false);
    expect(audienceIncludes({ organizationIds: ['school-b'] }, coordinator)).toBe(false);
    expect(
      audienceIncludes(
        { organizationIds: ['school-a'], roles: ['school_coordinator'] },
        coordinator,
      ),
    ).toBe(true);
    expect(audienceIncludes({ roles: ['organizer'] }, coordinator)).toBe(false);
  });

  it.each([
    [{ organizationIds: [] }],
    [{ organizationIds: [], roles: ['school_coordinator' as const] }],
    [{ organizationTypes: [] }],
    [{ roles: [] }],
    [{ organizationIds: ['school-a'], roles: [] }],
  ])('match nobody to %j: an empty list is no one, never everyone', (audience) => {
    const users = [
      {
        organizationId: 'school-a',
        organizationType: 'school' as const,
        role: 'school_coordinator' as const,
      },
      {
        organizationId: 'committee',
        organizationType: 'committee' as const,
        role: 'organizer' as const,
      },
    ];
    expect(users.filter((user) => audienceIncludes(audience, user))).toEqual([]);
  });

  it('read stored audiences: `everyone` said as such, the old `{}` of public notices, filters as written', () => {
    expect(readAudience('{"everyone":true}')).toEqual(EVERYONE);
    expect(readAudience('{}')).toEqual(EVERYONE);
    expect(readAudience('{"organizationIds":[]}')).toEqual({ organizationIds: [] });
    expect(readAudience('{"organizationIds":[],"roles":["school_coordinator"]}')).toEqual({
      organizationIds: [],
      roles: ['school_coordinator'],
    });
  });

  it('derive one delivery id per event, channel and recipient', () => {
    const id = deliveryId('outbox-1', 'email', 'user-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deliveryId('outbox-1', 'email', 'user-1')).toBe(id);
    expect(deliveryId('outbox-1', 'in_app', 'user-1')).not.toBe(id);
    expect(deliveryId('outbox-2', 'email', 'user-1')).not.toBe(id);
  });
});
