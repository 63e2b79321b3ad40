import type { OpenAPIObject } from '@nestjs/swagger';
import { WebhookAcknowledgement } from '@pagedesk/contracts';
import { openApiSchema } from '../auth/contract-response';
import { WEBHOOK_PATH } from './webhook-route';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['post']>;
type ParameterObject = Exclude<
  NonNullable<OperationObject['parameters']>[number],
  { $ref: string }
>;

const acknowledged = {
  description: WebhookAcknowledgement.description ?? '',
  content: { 'text/plain': { schema: openApiSchema(WebhookAcknowledgement) } },
};

const delivery = (operationId: string, parameters: ParameterObject[]): OperationObject => ({
  operationId,
  parameters,
  responses: { 200: acknowledged },
  tags: ['MessengerWebhook'],
});

/**
 * Deliveries are answered ahead of Nest's router (webhook-route.ts), where
 * Swagger cannot see them: their operations are added here as Nest described
 * them when the controller served them (same operation ids).
 */
export function withWebhookDeliveries(document: OpenAPIObject): OpenAPIObject {
  const perApp = `${WEBHOOK_PATH}/{appId}`;
  const appId: ParameterObject = {
    name: 'appId',
    required: true,
    in: 'path',
    schema: { type: 'string' },
  };
  return {
    ...document,
    paths: {
      ...document.paths,
      [WEBHOOK_PATH]: {
        ...document.paths[WEBHOOK_PATH],
        post: delivery('MessengerWebhookController_receive', []),
      },
      [perApp]: {
        ...document.paths[perApp],
        post: delivery('MessengerWebhookController_receiveForApp', [appId]),
      },
    },
  };
}
