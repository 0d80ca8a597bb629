/**
 * Services throw domain errors; one filter maps them to HTTP once (`{ code, message, details? }`).
 * Services never import Nest's HttpException.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code = 'NOT_FOUND') {
    super(code, `${what} was not found.`, 404);
  }
}

export class BadRequestError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, 400, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Log in to continue.', code = 'UNAUTHENTICATED') {
    super(code, message, 401);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this.', code = 'FORBIDDEN') {
    super(code, message, 403);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, 409, details);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(code, message, 429, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
  }
}
