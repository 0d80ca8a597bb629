import { pipeline } from 'node:stream/promises';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../../common/policy.decorators';
import { RoleGroups } from '../../common/roles';
import { ChannelMediaService } from './channel-media.service';

/** The bytes of a contact's attachment, for whoever may read the conversation (`messageId` as in the inbox's messages). */
@ApiTags('inbox')
@Controller('inbox/conversations')
export class ChannelMediaController {
  constructor(private readonly media: ChannelMediaService) {}

  @RequireRole(RoleGroups.anyMember)
  @Get(':conversationId/messages/:messageId/attachments/:attachmentIndex')
  @ApiProduces('application/octet-stream')
  async attachment(
    @CurrentPrincipal() p: WorkspacePrincipal,
    @Param('conversationId', ParseIdPipe) conversationId: string,
    @Param('messageId') messageId: string,
    @Param('attachmentIndex') attachmentIndex: string,
    @Res() res: Response,
  ): Promise<void> {
    const media = await this.media.fetch(p.workspaceId, conversationId, messageId, attachmentIndex);
    res.status(200).set(media.headers);
    // Streamed as it arrives. A failure past the head (the cap without a declared length, the deadline, the
    // platform hanging up) can only cut the response short: pipeline then closes the connection, never a 200 that looks whole.
    await pipeline(media.body, res).catch(() => undefined);
  }
}
