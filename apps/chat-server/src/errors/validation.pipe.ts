import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError } from '@pagedesk/shared';

/** Every body and query: unknown fields refused, each message names its field. */
export const appValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new AppError('invalid', describe(errors)),
  });

function describe(errors: ValidationError[], parent = ''): string {
  return errors
    .flatMap((e) => {
      const path = parent ? `${parent}.${e.property}` : e.property;
      const own = Object.values(e.constraints ?? {}).map((m) =>
        m.startsWith(e.property) ? `${path}${m.slice(e.property.length)}` : `${path}: ${m}`,
      );
      return e.children?.length ? [...own, describe(e.children, path)] : own;
    })
    .join('; ');
}
