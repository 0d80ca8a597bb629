import { ConflictError, DomainError, NotFoundError } from '../common/domain-error';

export class ConversationNotFoundError extends NotFoundError {
  constructor() {
    super('Conversation', 'CONVERSATION_NOT_FOUND');
  }
}

export class NoActiveHandoffError extends ConflictError {
  constructor() {
    super('NO_ACTIVE_HANDOFF', 'This conversation is not waiting for a human.');
  }
}

export class AlreadyClaimedError extends ConflictError {
  constructor(assignee: string | null) {
    super('ALREADY_CLAIMED', assignee ? `${assignee} has already taken this conversation.` : 'Someone has already taken this conversation.', { assignee });
  }
}

/** The platform's messaging window forbids this reply. */
export class WindowClosedError extends DomainError {
  constructor(reason: string) {
    super('WINDOW_CLOSED', reason, 422);
  }
}

export class AssigneeNotFoundError extends NotFoundError {
  constructor() {
    super('Agent', 'AGENT_NOT_FOUND');
  }
}
