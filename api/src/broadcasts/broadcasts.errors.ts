import { BadRequestError, ConflictError, DomainError, NotFoundError } from '../common/domain-error';

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

/** The broadcast's template parameters do not fill the template body's `{{n}}` placeholders (WhatsApp would refuse every send). */
export class TemplateParametersError extends DomainError {
  constructor(details: { template: string; language: string; connectionName: string; expected: number; given: number }) {
    super(
      'TEMPLATE_PARAMETERS',
      `Template ${details.template} (${details.language}) on ${details.connectionName} has ${details.expected} placeholder(s) but ${details.given} parameter(s) were given.`,
      422,
      details,
    );
  }
}
