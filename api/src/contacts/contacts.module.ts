import { Module } from '@nestjs/common';
import { ContactsDirectoryService } from './contacts-directory.service';
import { ContactsExportService } from './contacts-export.service';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

@Module({
  controllers: [ContactsController],
  providers: [ContactsService, ContactsDirectoryService, ContactsExportService],
  exports: [ContactsService, ContactsDirectoryService],
})
export class ContactsModule {}
