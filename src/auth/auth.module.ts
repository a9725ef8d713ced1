import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createSecretKey } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BrowserSessions } from './browser-sessions.service';
import { Credentials } from './credentials';
import { AuthSession } from './auth-session.entity';
import { LoginThrottle } from './login-throttle';
import { RefreshToken } from './refresh-token.entity';
import { SessionCleanupService } from './session-cleanup.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([AuthSession, RefreshToken]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        // A KeyObject up front: given a string, jsonwebtoken first tries to parse it as a
        // public key on every call, which cost more than the rest of a request together.
        const key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
        return { secretOrKeyProvider: () => key };
      },
    }),
    UsersModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    BrowserSessions,
    Credentials,
    LoginThrottle,
    SessionCleanupService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, BrowserSessions, SessionCleanupService],
})
export class AuthModule {}
