import { page } from '../portal-page';
import { PortalRouter } from '../portal-router';

/** The partner's pages come with the next issue; until then their home says so. */
export function registerPartnerHome(router: PortalRouter): void {
  router.get('/partner/', 'partner', () =>
    Promise.resolve(
      page('placeholder', { key: 'placeholder.partnerTitle' }, {}, { section: 'home' }),
    ),
  );
}
