import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { CreateOrganizationDto } from '../organizations/dto/organization.dto';
import { OrganizationsService } from '../organizations/organizations.service';
import { DEFAULT_COMMITTEE } from '../users/initial-admin.service';
import { UsersService } from '../users/users.service';
import { Caller, Role } from '../common/auth/caller';
import { DelegationsService } from '../delegations/delegations.service';
import { DemoExchanges } from './demo-exchanges';

import { Language } from '../localization/language';

export const DEMO_PASSWORD = 'demo-password-2026';

interface DemoAccount {
  email: string;
  role: Role;
  preferredLanguage: Language;
  organization: CreateOrganizationDto;
}

const ACCOUNTS: DemoAccount[] = [
  {
    email: 'organizer@demo.youth-bridge',
    role: 'organizer',
    preferredLanguage: 'zh',
    organization: DEFAULT_COMMITTEE,
  },
  {
    email: 'heihe-1@demo.youth-bridge',
    role: 'school_coordinator',
    preferredLanguage: 'zh',
    organization: {
      type: 'school',
      country: 'CN',
      nameZh: '黑河市第一中学',
      nameRu: 'Средняя школа № 1 г. Хэйхэ',
      city: '黑河',
      preferredLanguage: 'zh',
    },
  },
  {
    email: 'heihe-2@demo.youth-bridge',
    role: 'school_coordinator',
    preferredLanguage: 'zh',
    organization: {
      type: 'school',
      country: 'CN',
      nameZh: '黑河市第二中学',
      nameRu: 'Средняя школа № 2 г. Хэйхэ',
      city: '黑河',
      preferredLanguage: 'zh',
    },
  },
  {
    email: 'blag-school@demo.youth-bridge',
    role: 'school_coordinator',
    preferredLanguage: 'ru',
    organization: {
      type: 'school',
      country: 'RU',
      nameZh: '布拉戈维申斯克市第十一中学',
      nameRu: 'Школа № 11 г. Благовещенска',
      city: 'Благовещенск',
      preferredLanguage: 'ru',
    },
  },
  {
    email: 'blag-partner@demo.youth-bridge',
    role: 'partner',
    preferredLanguage: 'ru',
    organization: {
      type: 'partner',
      country: 'RU',
      nameZh: '阿穆尔州青年政策委员会',
      nameRu: 'Комитет по молодёжной политике Амурской области',
      city: 'Благовещенск',
      preferredLanguage: 'ru',
    },
  },
];

/** Demo organizations and one login each. Running it again changes nothing. */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly transactions: Transactions,
    private readonly exchanges: DemoExchanges,
    private readonly delegations: DelegationsService,
  ) {}

  async seed(): Promise<{
    accounts: { email: string; role: Role; created: boolean }[];
    delegations: string[];
  }> {
    const accounts = await this.seedAccounts();
    // Exchanges only into an installation without delegations: running it again adds nothing.
    const empty = (await this.delegations.list({ page: 1, pageSize: 1 })).total === 0;
    const delegations = empty
      ? await this.exchanges.seed({
          organizer: await this.callerOf('organizer@demo.youth-bridge'),
          heiheSchool: await this.callerOf('heihe-1@demo.youth-bridge'),
          russianSchool: await this.callerOf('blag-school@demo.youth-bridge'),
          russianPartnerId: (await this.callerOf('blag-partner@demo.youth-bridge')).organizationId,
        })
      : [];
    return { accounts, delegations };
  }

  private async callerOf(email: string): Promise<Caller> {
    const credentials = await this.users.findCredentials(email);
    const account =
      credentials && (await this.users.findAccount(this.transactions.read(null), credentials.id));
    if (!account) throw new Error(`demo account ${email} is missing`);
    return {
      userId: account.id,
      role: account.role,
      organizationId: account.organizationId,
      preferredLanguage: account.preferredLanguage,
      sessionId: 'seed-demo',
      requestId: 'seed-demo',
    };
  }

  private async seedAccounts(): Promise<{ email: string; role: Role; created: boolean }[]> {
    const results = [];
    for (const account of ACCOUNTS) {
      const created = await this.transactions
        .run(null, async (tx) => {
          const organization =
            (account.organization.type === 'committee'
              ? await this.organizations.findFirstOfType(tx, 'committee')
              : undefined) ?? (await this.organizations.createIn(tx, account.organization));
          await this.users.createIn(tx, {
            email: account.email,
            password: DEMO_PASSWORD,
            role: account.role,
            organizationId: organization.id,
            preferredLanguage: account.preferredLanguage,
          });
          return true;
        })
        .catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'EMAIL_TAKEN') return false;
          throw error;
        });
      results.push({ email: account.email, role: account.role, created });
    }
    return results;
  }
}
