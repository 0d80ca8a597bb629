import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { BadRequestError } from './domain-error';

/** Whitelisted DTOs: unknown fields (a `workspaceId`, say) are refused with a 400 that lists every problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new BadRequestError('VALIDATION_FAILED', details.map((d) => d.message).join('; ') || 'Invalid request.', details);
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
