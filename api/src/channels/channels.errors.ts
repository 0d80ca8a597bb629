import { BadRequestError, ConflictError, NotFoundError } from '../common/domain-error';

export class ChannelConnectionNotFoundError extends NotFoundError {
  constructor() {
    super('Channel connection', 'CHANNEL_CONNECTION_NOT_FOUND');
  }
}

export class ChannelConnectionExistsError extends ConflictError {
  constructor() {
    super('CHANNEL_CONNECTION_EXISTS', 'This account is already connected in this workspace.');
  }
}

/** The studio preview's web chat connection is the studio's own: not listed, not changed or deleted by hand. */
export class ReservedChannelConnectionError extends ConflictError {
  constructor() {
    super('CHANNEL_CONNECTION_RESERVED', 'This connection carries studio previews; the studio manages it, so it cannot be changed or deleted here.');
  }
}

export class InvalidChannelSettingsError extends BadRequestError {
  constructor(message: string) {
    super('CHANNEL_SETTINGS_INVALID', message);
  }
}

export class WebhookRegistrationError extends BadRequestError {
  constructor(message: string) {
    super('WEBHOOK_REGISTRATION_FAILED', message);
  }
}
