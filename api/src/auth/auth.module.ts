import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { PrincipalResolver } from './principal-resolver';
import { SessionCookies } from './session-cookies';

@Module({
  controllers: [AuthController, ApiKeysController],
  providers: [AuthService, LoginThrottleService, SessionCookies, ApiKeysService, PrincipalResolver, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, SessionCookies, PrincipalResolver],
})
export class AuthModule {}
