import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { mapError } from './error-map';

@Catch()
export class AppErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const mapped = mapError(error);
    if (mapped.unexpected) this.logger.error({ err: error }, 'unexpected error');
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    response.status(mapped.status).json(mapped.body);
  }
}
