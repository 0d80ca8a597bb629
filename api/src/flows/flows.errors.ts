import { ConflictError, DomainError, NotFoundError } from '../common/domain-error';

export class FlowNotFoundError extends NotFoundError {
  constructor() {
    super('Flow', 'FLOW_NOT_FOUND');
  }
}

export class FlowVersionNotFoundError extends NotFoundError {
  constructor() {
    super('Flow version', 'FLOW_VERSION_NOT_FOUND');
  }
}

/** A save based on a revision that is no longer the latest: the client gets the current one to reconcile. */
export class RevisionConflictError extends ConflictError {
  constructor(currentRevision: number, document: unknown) {
    super('REVISION_CONFLICT', `Someone saved this flow meanwhile (revision ${currentRevision}). Reload theirs or keep yours as a copy.`, {
      currentRevision,
      document,
    });
  }
}

export class FlowTooLargeError extends DomainError {
  constructor(nodes: number, max: number) {
    super('FLOW_TOO_LARGE', `This flow has ${nodes} steps; the limit is ${max}.`, 413, { nodes, max });
  }
}

/** Publishing is blocked by validation errors; warnings never block. */
export class FlowInvalidError extends DomainError {
  constructor(issues: unknown[]) {
    super('FLOW_INVALID', 'Fix the errors in this flow before publishing it.', 422, { issues });
  }
}

export class FlowDocumentInvalidError extends DomainError {
  constructor(message: string) {
    super('FLOW_DOCUMENT_INVALID', message, 400);
  }
}

export class FlowNotArchivedError extends ConflictError {
  constructor() {
    super('FLOW_NOT_ARCHIVED', 'Archive the flow before deleting it.');
  }
}

export class UnknownTemplateError extends DomainError {
  constructor(key: string) {
    super('UNKNOWN_TEMPLATE', `There is no template "${key}".`, 400);
  }
}

export class PreviewSessionNotFoundError extends NotFoundError {
  constructor() {
    super('Preview session', 'PREVIEW_SESSION_NOT_FOUND');
  }
}

/** "Return to bot" in a preview whose conversation is not with an agent (never handed off, or already returned). */
export class PreviewNotHandedOffError extends ConflictError {
  constructor() {
    super('PREVIEW_NOT_HANDED_OFF', 'The preview conversation is not handed off to an agent.');
  }
}

/** The preview cannot start: the draft cannot be read as a flow, or the chosen start step or variables are wrong. */
export class PreviewUnavailableError extends DomainError {
  constructor(message: string) {
    super('PREVIEW_UNAVAILABLE', message, 422);
  }
}
