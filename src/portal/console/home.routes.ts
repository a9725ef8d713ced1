import { page } from '../portal-page';
import { PortalRouter } from '../portal-router';

/** The organizer's console comes with the next issue; until then its home says so. */
export function registerConsoleHome(router: PortalRouter): void {
  router.get('/console/', 'organizer', () =>
    Promise.resolve(
      page('placeholder', { key: 'placeholder.consoleTitle' }, {}, { section: 'home' }),
    ),
  );
}
