import { IsString, Length } from 'class-validator';

/** A signed-in user's own password change: every session of the account ends. */
export class ChangePasswordDto {
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  /** At least 10 characters, as for any account. */
  @IsString()
  @Length(10, 200)
  newPassword: string;
}
