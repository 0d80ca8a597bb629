import { DomainError, NotFoundError } from '../../common/domain-error';

export class WebhookNotFoundError extends NotFoundError {
  constructor() {
    super('Webhook', 'WEBHOOK_NOT_FOUND');
  }
}

/** Bad or missing signature: nothing was stored. */
export class WebhookSignatureError extends DomainError {
  constructor() {
    super('WEBHOOK_SIGNATURE_INVALID', 'The request signature does not match this connection.', 401);
  }
}
