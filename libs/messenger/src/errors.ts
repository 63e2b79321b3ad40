import { AppError } from '@pagedesk/shared';

/** The delivery as a whole is unusable (not JSON we understand, not for Pages): answer 400. */
export class InvalidWebhookDeliveryError extends AppError {
  constructor(message: string, details?: Readonly<Record<string, unknown>>) {
    super('invalid', message, details);
  }
}
