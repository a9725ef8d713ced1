import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { OrganizationsService } from '../organizations/organizations.service';
import { UsersService } from './users.service';

export const DEFAULT_COMMITTEE = {
  type: 'committee',
  country: 'CN',
  nameZh: '黑河市关心下一代工作委员会',
  nameRu: 'Комитет по заботе о подрастающем поколении г. Хэйхэ',
  city: '黑河 / Хэйхэ',
  preferredLanguage: 'zh',
} as const;

/**
 * A new installation needs one organizer to log in with. Created from ADMIN_EMAIL and
 * ADMIN_PASSWORD, or as admin@localhost with a generated password shown once.
 */
@Injectable()
export class InitialAdminService {
  private readonly logger = new Logger(InitialAdminService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly transactions: Transactions,
  ) {}

  async ensure(): Promise<void> {
    const generated = !this.config.initialAdmin;
    const email = this.config.initialAdmin?.email ?? 'admin@localhost';
    const password = this.config.initialAdmin?.password ?? randomBytes(12).toString('base64url');
    const created = await this.transactions
      .run(null, async (tx) => {
        if (await this.users.organizerExists(tx)) return false;
        const committee =
          (await this.organizations.findFirstOfType(tx, 'committee')) ??
          (await this.organizations.createIn(tx, DEFAULT_COMMITTEE));
        await this.users.createIn(tx, {
          email,
          password,
          role: 'organizer',
          organizationId: committee.id,
          preferredLanguage: 'zh',
        });
        return true;
      })
      // Another process starting at the same moment created it first.
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'EMAIL_TAKEN') return false;
        throw error;
      });
    if (!created) return;
    this.logger.log('Created the first organizer account');
    if (generated) {
      const file = join(this.config.dataDir, 'initial-admin.txt');
      this.config.ensureDataDir();
      writeFileSync(file, `email: ${email}\npassword: ${password}\n`, { mode: 0o600 });
      // Deliberately not through the logger: shown once to the person starting the service.
      process.stdout.write(
        `\nFirst organizer created: ${email} / ${password}\n(also written to ${file}; change it after logging in)\n\n`,
      );
    }
  }
}
