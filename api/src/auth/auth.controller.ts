import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Authenticated, CurrentPrincipal, Public, type Principal } from '../common/policy.decorators';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { SessionCookies } from './session-cookies';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookies: SessionCookies,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const session = await this.auth.login(body.email, body.password, req.ip ?? 'unknown');
    this.cookies.set(res, session.token);
    return session;
  }

  @Authenticated()
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(principal.sessionId!);
    this.cookies.clear(res);
  }

  @Authenticated()
  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return this.auth.me(principal.userId!, principal.sessionId!);
  }
}
