import { DomainError, NotFoundError } from '../../common/domain-error';

export class AttachmentNotFoundError extends NotFoundError {
  constructor() {
    super('Attachment', 'ATTACHMENT_NOT_FOUND');
  }
}

/** A location, a share without a link: nothing to download. */
export class AttachmentHasNoMediaError extends DomainError {
  constructor() {
    super('ATTACHMENT_HAS_NO_MEDIA', 'This attachment has no file to download.', 404);
  }
}

/** The platform no longer has it (media ids expire) or never had it. */
export class MediaGoneError extends DomainError {
  constructor(message: string) {
    super('MEDIA_GONE', `The platform no longer has this file: ${message}`, 404);
  }
}

/** The platform refused or failed: a gateway problem, not the caller's. */
export class MediaFetchFailedError extends DomainError {
  constructor(reason: 'auth' | 'too-large' | 'unavailable', message: string) {
    const code = reason === 'auth' ? 'MEDIA_AUTH_FAILED' : reason === 'too-large' ? 'MEDIA_TOO_LARGE' : 'MEDIA_FETCH_FAILED';
    super(code, `The file could not be fetched from the platform: ${message}`, 502);
  }
}
