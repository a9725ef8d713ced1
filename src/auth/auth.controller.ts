import { Body, Controller, Headers, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Public } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { AuthService } from './auth.service';
import { bearerToken } from '../common/http/bearer';
import { LoginDto, LoginResponseDto, LogoutDto, RefreshDto, TokensDto } from './dto/auth.dto';
import { ChangePasswordDto } from './dto/password.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Throttled (429 with Retry-After): failures per client address, failures per
   * account and address, and an account under attack refuses the addresses that failed on it.
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiErrors('VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'ACCOUNT_DISABLED', 'RATE_LIMITED')
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<LoginResponseDto> {
    return this.auth.login(body, ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiErrors('VALIDATION_FAILED', 'INVALID_REFRESH_TOKEN', 'REFRESH_TOKEN_REUSED')
  refresh(@Body() body: RefreshDto): Promise<TokensDto> {
    return this.auth.refresh(body.refreshToken);
  }

  /**
   * Ends the session: its refresh tokens and access tokens stop working. Name it by the
   * access token, or by a refresh token in the body once the access token has expired.
   */
  @Public()
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @ApiErrors('UNAUTHORIZED', 'VALIDATION_FAILED')
  logout(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: LogoutDto,
  ): Promise<void> {
    return this.auth.logout(bearerToken(authorization), body.refreshToken);
  }

  /**
   * Changes the caller's own password after checking the current one (throttled like a
   * login). Every session of the account ends, this one included: log in again.
   */
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  @ApiErrors('UNAUTHORIZED', 'VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'RATE_LIMITED')
  changePassword(
    @CurrentUser() caller: Caller,
    @Body() body: ChangePasswordDto,
    @Ip() ip: string,
  ): Promise<void> {
    return this.auth.changePassword(caller, body, ip);
  }
}
