import { BadRequestError, NotFoundError } from '../common/domain-error';

export class ContactNotFoundError extends NotFoundError {
  constructor() {
    super('Contact', 'CONTACT_NOT_FOUND');
  }
}

export class BadContactSelectionError extends BadRequestError {
  constructor() {
    super('BAD_CONTACT_SELECTION', 'Give either contactIds or a filter, not both and not neither.');
  }
}

export class BadCursorError extends BadRequestError {
  constructor() {
    super('BAD_CURSOR', 'The page cursor is not one this API gave out.');
  }
}
