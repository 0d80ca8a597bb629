import { BadRequestError, ConflictError, NotFoundError } from '../common/domain-error';

export class BroadcastNotFoundError extends NotFoundError {
  constructor() {
    super('Broadcast', 'BROADCAST_NOT_FOUND');
  }
}

export class TemplateNotFoundError extends NotFoundError {
  constructor() {
    super('WhatsApp template', 'TEMPLATE_NOT_FOUND');
  }
}

export class BroadcastStateError extends ConflictError {
  constructor(action: string, status: string) {
    super('BROADCAST_STATE', `A ${status} broadcast cannot be ${action}.`, { status });
  }
}

export class BadBroadcastError extends BadRequestError {
  constructor(message: string) {
    super('BAD_BROADCAST', message);
  }
}

export class DuplicateTemplateError extends ConflictError {
  constructor() {
    super('TEMPLATE_EXISTS', 'This connection already has a template with that name and language.');
  }
}
