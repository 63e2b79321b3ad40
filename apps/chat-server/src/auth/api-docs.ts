import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { withWebhookDeliveries } from '../inbound/webhook-route-docs';

/** OpenAPI for the REST API: UI at /api/docs, JSON at /api/docs-json; public, like any API description. */
export function setUpApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Pagedesk API')
    .setDescription(
      'Tenants, users, queues, page integrations and conversations. Errors: `{ error: { code, message } }`.',
    )
    .setVersion('0.1.0')
    // 3.1: its schemas are JSON Schema, which libs/contracts' TypeBox schemas are.
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () =>
    withWebhookDeliveries(SwaggerModule.createDocument(app, config)),
  );
}
