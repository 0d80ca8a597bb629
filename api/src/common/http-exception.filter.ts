import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from './domain-error';

const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** The one place where errors become HTTP: `{ code, message, details? }`. Anything unexpected is a logged 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body, headers } = toErrorResponse(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    res.status(status).json(body);
  }
}

/**
 * Any thrown value as the HTTP answer the app gives for it (also used by the webhook fast path, which answers in
 * front of Nest). Unexpected errors are a 500 with a fixed message; the caller logs them.
 */
export function toErrorResponse(exception: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (exception instanceof DomainError) {
    const body: ErrorBody = { code: exception.code, message: exception.message };
    if (exception.details !== undefined) body.details = exception.details;
    return { status: exception.status, body, headers: exception.headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
    return {
      status,
      body: { code: CODES_BY_STATUS[status] ?? `HTTP_${status}`, message: Array.isArray(message) ? message.join('; ') : String(message) },
    };
  }
  const bodyParserError = toBodyParserError(exception);
  if (bodyParserError) return bodyParserError;
  return { status: 500, body: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side. It has been logged.' } };
}

/** A body over the route's limit: 413, as body-parser's error and the webhook fast path both answer it. */
export function payloadTooLarge(limit: number): { status: number; body: ErrorBody } {
  return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than the limit of ${limit} bytes.` } };
}

/** A body that does not parse as JSON (or, as body-parser's strict mode, is not an object or array). */
export const INVALID_JSON: { status: number; body: ErrorBody } = { status: 400, body: { code: 'INVALID_JSON', message: 'The request body is not valid JSON.' } };

/** body-parser reports bad JSON, oversize bodies and bad encodings with a `type` and a `status`. */
export function toBodyParserError(exception: unknown): { status: number; body: ErrorBody } | null {
  const error = exception as { type?: string; status?: number; limit?: number; expose?: boolean } | null;
  if (!error || typeof error.status !== 'number') return null;
  // A stream error while reading (a corrupt gzip body): body-parser gives an exposed 400 without a type.
  if (typeof error.type !== 'string') {
    return error.expose === true && error.status >= 400 && error.status < 500 ? { status: error.status, body: { code: 'BAD_REQUEST', message: 'The request body could not be read.' } } : null;
  }
  switch (error.type) {
    case 'entity.too.large':
      return payloadTooLarge(error.limit ?? 0);
    case 'entity.parse.failed':
      return INVALID_JSON;
    default:
      return error.status >= 400 && error.status < 500
        ? { status: error.status, body: { code: 'BAD_REQUEST', message: `The request body could not be read (${error.type}).` } }
        : null;
  }
}
