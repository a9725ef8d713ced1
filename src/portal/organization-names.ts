import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { Language } from '../localization/language';
import { OrganizationsService } from '../organizations/organizations.service';

const KEEP_MS = 60_000;

/**
 * The signed-in user's organization, named in every page's header: read once a minute per
 * organization rather than on every request (a renamed school shows within a minute).
 */
@Injectable()
export class OrganizationNames {
  private readonly known = new Map<string, { zh: string; ru: string; until: number }>();

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly transactions: Transactions,
  ) {}

  /** Several at once (a list's schools): one query for those not known yet. */
  async namesOf(ids: string[], lang: Language): Promise<Map<string, string>> {
    const now = Date.now();
    const missing = [...new Set(ids)].filter((id) => !((this.known.get(id)?.until ?? 0) > now));
    if (missing.length) {
      const names = await this.organizations.namesOf(this.transactions.read(null), missing);
      for (const id of missing) {
        const found = names.get(id);
        this.known.set(id, {
          zh: found?.nameZh ?? '',
          ru: found?.nameRu ?? '',
          until: now + KEEP_MS,
        });
      }
    }
    return new Map(ids.map((id) => [id, this.known.get(id)?.[lang] ?? '']));
  }

  async nameOf(id: string, lang: Language): Promise<string> {
    const now = Date.now();
    let entry = this.known.get(id);
    if (!entry || entry.until <= now) {
      const names = (await this.organizations.namesOf(this.transactions.read(null), [id])).get(id);
      entry = { zh: names?.nameZh ?? '', ru: names?.nameRu ?? '', until: now + KEEP_MS };
      this.known.set(id, entry);
    }
    return entry[lang];
  }
}
