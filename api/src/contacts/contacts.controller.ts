import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CurrentPrincipal, RequireRole, type WorkspacePrincipal } from '../common/policy.decorators';
import { RoleGroups } from '../common/roles';
import { ContactsDirectoryService } from './contacts-directory.service';
import { ContactsExportService } from './contacts-export.service';
import { BulkTagsDto, ContactFilterQueryDto, ContactListQueryDto, UpdateContactFieldsDto } from './dto/contacts.dto';

/** The contacts page: every member reads; marketers export and tag in bulk; agents edit a contact's fields. */
@ApiTags('contacts')
@Controller('contacts')
export class ContactsController {
  constructor(
    private readonly directory: ContactsDirectoryService,
    private readonly exporter: ContactsExportService,
  ) {}

  @RequireRole(RoleGroups.anyMember)
  @Get()
  list(@CurrentPrincipal() p: WorkspacePrincipal, @Query() q: ContactListQueryDto) {
    return this.directory.list(p, q.toFilter(), { limit: q.limit, cursor: q.cursor });
  }

  @RequireRole(RoleGroups.anyMember)
  @Get('count')
  async count(@CurrentPrincipal() p: WorkspacePrincipal, @Query() q: ContactFilterQueryDto) {
    return { count: await this.directory.count(p, q.toFilter()) };
  }

  @RequireRole(RoleGroups.flowEditors)
  @Get('export.csv')
  export(@CurrentPrincipal() p: WorkspacePrincipal, @Query() q: ContactFilterQueryDto) {
    return new StreamableFile(this.exporter.stream(p, q.toFilter()), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="contacts.csv"' });
  }

  @RequireRole(RoleGroups.flowEditors)
  @Post('tags')
  @HttpCode(200)
  bulkTags(@CurrentPrincipal() p: WorkspacePrincipal, @Body() body: BulkTagsDto) {
    return this.directory.bulkTags(p, { contactIds: body.contactIds, filter: body.filter }, body.add, body.remove);
  }

  @RequireRole(RoleGroups.anyMember)
  @Get(':contactId')
  profile(@CurrentPrincipal() p: WorkspacePrincipal, @Param('contactId', ParseIdPipe) id: string) {
    return this.directory.profile(p, id);
  }

  @RequireRole(RoleGroups.inboxAgents)
  @Patch(':contactId')
  updateFields(@CurrentPrincipal() p: WorkspacePrincipal, @Param('contactId', ParseIdPipe) id: string, @Body() body: UpdateContactFieldsDto) {
    return this.directory.updateFields(p, id, body.customFields);
  }
}
