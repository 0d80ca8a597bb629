import { Injectable, type PipeTransform, type ArgumentMetadata } from '@nestjs/common';
import { BadRequestError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids are UUIDs: a malformed one is a clear 400, never a database error. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new BadRequestError('INVALID_ID', `${metadata.data ?? 'id'} must be a UUID.`);
    }
    return value.toLowerCase();
  }
}
