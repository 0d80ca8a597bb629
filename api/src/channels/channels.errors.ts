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
