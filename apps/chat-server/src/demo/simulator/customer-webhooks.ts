import { createHmac, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '@pagedesk/shared';
import { DEMO_PAGE_ID } from '../demo-identity';
import { DemoPage } from './demo-page';
import type { SimulatedCustomer } from './simulator-types';

/**
 * Plays Facebook's side of the webhook: each customer action becomes the
 * JSON Facebook would post, signed with the demo app's secret and sent to our
 * own `/webhooks/messenger`, so the demo exercises the real inbound path.
 */
@Injectable()
export class CustomerWebhooks {
  constructor(private readonly page: DemoPage) {}

  static newMid(): string {
    return `m_sim_${randomUUID()}`;
  }

  /** `event` is one `messaging` item without sender/recipient/timestamp. */
  async post(customer: SimulatedCustomer, event: object, timestamp = Date.now()): Promise<void> {
    const senderId = customer.upgradedTo ?? customer.id;
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: DEMO_PAGE_ID,
          time: timestamp,
          messaging: [
            { sender: { id: senderId }, recipient: { id: DEMO_PAGE_ID }, timestamp, ...event },
          ],
        },
      ],
    });
    await this.send(body);
  }

  /** Facebook's copy of a message the page sent, so the outbox can confirm it by its metadata. */
  async echo(customer: SimulatedCustomer, message: object, timestamp: number): Promise<void> {
    const recipientId = customer.upgradedTo ?? customer.id;
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: DEMO_PAGE_ID,
          time: timestamp,
          messaging: [
            {
              sender: { id: DEMO_PAGE_ID },
              recipient: { id: recipientId },
              timestamp,
              message: { ...message, is_echo: true },
            },
          ],
        },
      ],
    });
    await this.send(body);
  }

  private async send(body: string): Promise<void> {
    const signature = createHmac('sha256', this.page.appSecret).update(body).digest('hex');
    const response = await fetch(`${this.page.origin}/webhooks/messenger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
      body,
    });
    if (!response.ok) throw new AppError('unavailable', `the webhook answered ${response.status}`);
  }
}
