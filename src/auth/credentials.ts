import { Injectable } from '@nestjs/common';
import { AppError, unauthorized } from '../common/errors/app-error';
import { Transactions } from '../database/transactions';
import { AccountState, UsersService } from '../users/users.service';
import { ChangePasswordDto } from './dto/password.dto';
import { LoginThrottle } from './login-throttle';

/**
 * An e-mail and password checked under the login throttle, for every way in: the API's
 * login, a browser's, and the current password a password change asks for.
 */
@Injectable()
export class Credentials {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
    private readonly transactions: Transactions,
  ) {}

  /** The account, if the password is its own and the account is active; otherwise an error. */
  async verify(email: string, password: string, ip: string): Promise<AccountState> {
    const credentials = await this.users.findCredentials(email);
    // Keyed by the account found, not the typed address: on MySQL's accent- and
    // width-insensitive collation many spellings reach the same row.
    return this.check(credentials?.id ?? email, credentials, password, ip);
  }

  /** The same check for a signed-in user's own account (a password change). */
  async verifyOwn(userId: string, password: string, ip: string): Promise<AccountState> {
    const credentials = await this.users.credentialsOf(userId);
    return this.check(userId, credentials, password, ip);
  }

  /** Checks the current password, then sets the new one; every session of the account ends. */
  async changePassword(userId: string, input: ChangePasswordDto, ip: string): Promise<void> {
    await this.verifyOwn(userId, input.currentPassword, ip);
    const hash = await this.users.hashPassword(input.newPassword);
    await this.transactions.run(null, (tx) => this.users.changePassword(tx, userId, hash));
  }

  private async check(
    key: string,
    credentials: Awaited<ReturnType<UsersService['findCredentials']>>,
    password: string,
    ip: string,
  ): Promise<AccountState> {
    const attempt = await this.throttle.admit(key, ip);
    if (!(await this.users.passwordMatches(credentials, password)) || !credentials) {
      await this.throttle.failed(attempt);
      throw unauthorized('INVALID_CREDENTIALS');
    }
    await this.throttle.succeeded(attempt);
    const account = await this.users.findAccount(this.transactions.read(null), credentials.id);
    if (!account || account.disabled) throw new AppError('ACCOUNT_DISABLED');
    return account;
  }
}
