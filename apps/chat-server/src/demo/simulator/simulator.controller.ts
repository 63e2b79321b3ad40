import { Body, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { join } from 'node:path';
import { AGENT_REACTIONS } from '@pagedesk/contracts';
import { AppError } from '@pagedesk/shared';
import type { Env } from '../../config/env';
import { webAppDir } from '../../web/web-app-dir';
import { avatarSvg } from './avatar';
import { CustomerWebhooks } from './customer-webhooks';
import { SimulatedCustomers } from './simulated-customers';
import {
  CustomerMessageDto,
  EditDto,
  type CustomerAttachmentKind,
  NewCustomerDto,
  PostbackDto,
  ReactionDto,
} from './simulator.dto';
import type { SimulatedCustomer } from './simulator-types';

/**
 * The customer's side of Messenger for the demo: the page at `/simulator`
 * (built with the web app) and the JSON API it uses. Every action is sent to
 * Pagedesk as the webhook Facebook would send for it.
 */
@Controller('simulator')
export class SimulatorController {
  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly customers: SimulatedCustomers,
    private readonly webhooks: CustomerWebhooks,
  ) {}

  @Get()
  page(@Res() res: Response): void {
    const dir = webAppDir(this.config.get('WEB_APP_DIR', { infer: true }));
    if (!dir) throw new AppError('not_found', 'the web app is not built: run npm run build');
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(dir, 'simulator.html'));
  }

  @Get('avatar/:id.svg')
  @Header('content-type', 'image/svg+xml')
  avatar(@Param('id') id: string): string {
    const customer = this.customers.get(id);
    return avatarSvg(`${customer.firstName[0]}${customer.lastName[0]}`, id);
  }

  @Get('api/customers')
  list(): readonly SimulatedCustomer[] {
    return this.customers.all();
  }

  /** A guest opens the Chat Plugin on a website before writing anything, which Facebook reports as a referral. */
  @Post('api/customers')
  async create(@Body() dto: NewCustomerDto): Promise<SimulatedCustomer> {
    const customer = this.customers.create(dto.kind);
    if (customer.kind === 'guest')
      await this.webhooks.post(customer, {
        referral: {
          ref: 'demo-website',
          source: 'CUSTOMER_CHAT_PLUGIN',
          type: 'OPEN_THREAD',
          referer_uri: 'https://shop.example.com/checkout',
          is_guest_user: 'true',
        },
      });
    return customer;
  }

  @Post('api/customers/:id/messages')
  @HttpCode(200)
  async message(
    @Param('id') id: string,
    @Body() dto: CustomerMessageDto,
  ): Promise<SimulatedCustomer> {
    const customer = this.writable(id);
    const mid = CustomerWebhooks.newMid();
    const at = Date.now();
    const attachment =
      dto.attachmentType && (dto.attachmentUrl || dto.attachmentType === 'location')
        ? { type: dto.attachmentType, url: dto.attachmentUrl ?? '' }
        : undefined;
    if (!dto.text && !attachment)
      throw new AppError('invalid', 'text or attachmentType with attachmentUrl is required');
    await this.webhooks.post(
      customer,
      {
        message: {
          mid,
          ...(dto.text ? { text: dto.text } : {}),
          ...(dto.quickReplyPayload ? { quick_reply: { payload: dto.quickReplyPayload } } : {}),
          ...(attachment ? { attachments: [facebookAttachment(attachment)] } : {}),
          ...(customer.kind === 'guest' ? { tags: { source: 'customer_chat_plugin' } } : {}),
        },
      },
      at,
    );
    this.customers.append(customer, { mid, from: 'customer', at, text: dto.text, attachment });
    return customer;
  }

  @Post('api/customers/:id/postbacks')
  @HttpCode(200)
  async postback(@Param('id') id: string, @Body() dto: PostbackDto): Promise<SimulatedCustomer> {
    const customer = this.writable(id);
    const mid = CustomerWebhooks.newMid();
    const at = Date.now();
    await this.webhooks.post(
      customer,
      { postback: { mid, title: dto.title, payload: dto.payload } },
      at,
    );
    this.customers.append(customer, { mid, from: 'customer', at, postback: { ...dto } });
    return customer;
  }

  /** The customer edits one of their messages: Facebook's `message_edit` webhook. */
  @Post('api/customers/:id/edits')
  @HttpCode(200)
  async edit(@Param('id') id: string, @Body() dto: EditDto): Promise<SimulatedCustomer> {
    const customer = this.writable(id);
    const index = customer.thread.findIndex((e) => e.mid === dto.mid && e.from === 'customer');
    if (index < 0) throw new AppError('not_found', 'no such message of this customer');
    const editCount = (customer.thread[index].editCount ?? 0) + 1;
    await this.webhooks.post(customer, {
      message_edit: { mid: dto.mid, text: dto.text, num_edit: editCount },
    });
    this.customers.change(customer, (c) => {
      c.thread[index] = { ...c.thread[index], text: dto.text, editCount };
    });
    return customer;
  }

  /** The customer reacts to what the page sent, or takes the reaction back: `message_reactions`. */
  @Post('api/customers/:id/reactions')
  @HttpCode(200)
  async react(@Param('id') id: string, @Body() dto: ReactionDto): Promise<SimulatedCustomer> {
    const customer = this.writable(id);
    const index = customer.thread.findIndex((e) => e.mid === dto.mid && e.from === 'page');
    if (index < 0) throw new AppError('not_found', 'no such message from the page');
    const { reaction } = dto;
    await this.webhooks.post(customer, {
      reaction:
        reaction === null
          ? { mid: dto.mid, action: 'unreact' }
          : { mid: dto.mid, action: 'react', reaction, emoji: AGENT_REACTIONS[reaction] },
    });
    this.customers.change(customer, (c) => {
      const { customerReaction: _previous, ...entry } = c.thread[index];
      c.thread[index] =
        reaction === null ? entry : { ...entry, customerReaction: AGENT_REACTIONS[reaction] };
    });
    return customer;
  }

  /** The customer looked at the thread: Facebook's read receipt covers everything sent until now. */
  @Post('api/customers/:id/read')
  @HttpCode(200)
  async read(@Param('id') id: string): Promise<SimulatedCustomer> {
    const customer = this.customers.get(id);
    const unread = customer.thread.some((e) => e.from === 'page' && !e.read);
    if (!unread || customer.ended || customer.blocked) return customer;
    const watermark = Date.now();
    await this.webhooks.post(customer, { read: { watermark } });
    this.customers.change(customer, (c) => {
      for (const entry of c.thread)
        if (entry.from === 'page' && entry.at <= watermark) entry.read = true;
    });
    return customer;
  }

  /** The guest logs in to Facebook in the plugin: from now on they are a PSID. */
  @Post('api/customers/:id/upgrade')
  @HttpCode(200)
  async upgrade(@Param('id') id: string): Promise<SimulatedCustomer> {
    const customer = this.writable(id);
    if (customer.kind !== 'guest' || customer.upgradedTo)
      throw new AppError('conflict', 'only a guest who has not logged in can upgrade');
    const psid = `8${customer.id.slice(1)}`;
    await this.webhooks.post(customer, {
      referral: {
        ref: psid,
        source: 'CUSTOMER_CHAT_PLUGIN',
        type: 'GUEST_UPGRADE',
        referer_uri: 'https://shop.example.com/checkout',
      },
    });
    this.customers.change(customer, (c) => (c.upgradedTo = psid));
    return customer;
  }

  /** The guest ends the chat in the plugin (Facebook's END_CHAT). */
  @Post('api/customers/:id/end')
  @HttpCode(200)
  async end(@Param('id') id: string): Promise<SimulatedCustomer> {
    const customer = this.writable(id);
    if (customer.kind !== 'guest' || customer.upgradedTo)
      throw new AppError('conflict', 'only a guest can end the chat from the plugin');
    await this.webhooks.post(customer, {
      referral: {
        ref: 'demo-website',
        source: 'CUSTOMER_CHAT_PLUGIN',
        type: 'END_CHAT',
        referer_uri: 'https://shop.example.com/checkout',
        is_guest_user: 'true',
      },
    });
    this.customers.change(customer, (c) => (c.ended = true));
    return customer;
  }

  /** The customer blocks the page: the next message the page sends fails as "no matching user". */
  @Post('api/customers/:id/block')
  @HttpCode(200)
  block(@Param('id') id: string): SimulatedCustomer {
    const customer = this.customers.get(id);
    this.customers.change(customer, (c) => (c.blocked = true));
    return customer;
  }

  private writable(id: string): SimulatedCustomer {
    const customer = this.customers.get(id);
    if (customer.ended || customer.blocked)
      throw new AppError('conflict', 'this customer has left the conversation');
    return customer;
  }
}

/** A demo sticker (Facebook's thumbs-up) and a demo pin, where the customer would choose one. */
const STICKER_ID = 369239263222822;
const PINNED = { lat: 59.9139, long: 10.7522 };

/** The attachment as Facebook's webhook carries it, per kind (shapes as in test/fixtures/messenger). */
function facebookAttachment({ type, url }: { type: CustomerAttachmentKind; url: string }): object {
  switch (type) {
    case 'sticker':
      return { type: 'image', payload: { url, sticker_id: STICKER_ID } };
    case 'location':
      return { type: 'location', title: 'Pinned location', payload: { coordinates: PINNED } };
    case 'fallback':
      return { type: 'fallback', payload: { url, title: 'A shared link' } };
    default:
      return { type, payload: { url } };
  }
}
