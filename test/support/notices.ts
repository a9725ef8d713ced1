import { Session, TestApp } from './test-app';

/** A notice (public unless `fields` says otherwise), created and published by an organizer. */
export async function publishNotice(
  t: TestApp,
  admin: Session,
  fields: Record<string, unknown>,
): Promise<{ id: string; slug: string }> {
  const auth = { type: 'bearer' as const };
  const created = await t
    .http()
    .post('/api/admin/notices')
    .auth(admin.accessToken, auth)
    .send({ audience: 'public', ...fields })
    .expect(201);
  await t
    .http()
    .post(`/api/admin/notices/${created.body.id}/publish`)
    .auth(admin.accessToken, auth)
    .expect(200);
  return created.body as { id: string; slug: string };
}
