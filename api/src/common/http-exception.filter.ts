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
    const { status, body, headers } = this.toResponse(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    res.status(status).json(body);
  }

  private toResponse(exception: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
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
}

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
      return { status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than the limit of ${error.limit} bytes.` } };
    case 'entity.parse.failed':
      return { status: 400, body: { code: 'INVALID_JSON', message: 'The request body is not valid JSON.' } };
    default:
      return error.status >= 400 && error.status < 500
        ? { status: error.status, body: { code: 'BAD_REQUEST', message: `The request body could not be read (${error.type}).` } }
        : null;
  }
}
