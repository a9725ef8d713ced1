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
