import {
  Body,
  Controller,
  Get,
  Logger,
  Param,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { MESSENGER_MAX_UPLOAD_BYTES } from '@pagedesk/contracts';
import type { Response } from 'express';
import { DEMO_APP_ID, DEMO_PAGE_ID, DEMO_PAGE_NAME, SIMULATED_GRAPH_PATH } from '../demo-identity';
import { CustomerWebhooks } from './customer-webhooks';
import { DemoPage } from './demo-page';
import { SimulatedCustomers } from './simulated-customers';
import { SimulatedUploads } from './simulated-uploads';
import type { SimulatedCustomer } from './simulator-types';

/** How long "Facebook" takes to report a message delivered to the customer's phone. */
const DELIVERY_DELAY_MS = 400;

interface SendRequest {
  recipient?: { id?: string; user_ref?: string };
  sender_action?: string;
  /** With `react` / `unreact`: the customer message and the emoji. */
  payload?: { message_id?: string; reaction?: string };
  message?: {
    text?: string;
    attachment?: {
      type: string;
      payload: { url?: string; attachment_id?: string } & Record<string, unknown>;
    };
    quick_replies?: unknown;
    metadata?: string;
  };
}

/**
 * The Graph API for the demo page (MESSENGER_GRAPH_API_URL points here in
 * demo mode): the Send API puts messages into the simulated customer's
 * thread, then sends the echo and the delivery receipt back as webhooks; the
 * profile API describes the simulated customers. Errors use Facebook's codes,
 * so the server's real error handling runs.
 */
@Controller(SIMULATED_GRAPH_PATH.slice(1))
export class SimulatedGraphController {
  private readonly logger = new Logger('Simulator');

  constructor(
    private readonly page: DemoPage,
    private readonly customers: SimulatedCustomers,
    private readonly webhooks: CustomerWebhooks,
    private readonly uploads: SimulatedUploads,
  ) {}

  /**
   * The Attachment Upload API: `message` names a reusable image, video, audio or file and
   * `filedata` holds the bytes; answered with the `attachment_id` the Send API then refers to.
   */
  @Post('me/message_attachments')
  @UseInterceptors(
    FileInterceptor('filedata', {
      limits: { fileSize: MESSENGER_MAX_UPLOAD_BYTES, files: 1, fields: 2 },
      defParamCharset: 'utf8',
    }),
  )
  upload(
    @Query('access_token') token: string | undefined,
    @Body() body: { message?: unknown },
    @UploadedFile() file: { originalname: string; mimetype: string; buffer: Buffer } | undefined,
    @Res({ passthrough: true }) res: Response,
  ): object {
    if (token !== this.page.accessToken) return graphError(res, 190, 'Invalid OAuth access token.');
    const type = reusableAttachmentType(body.message);
    if (type === null)
      return graphError(res, 100, 'param message must name a reusable image, video, audio or file');
    if (!file || file.buffer.length === 0)
      return graphError(res, 100, 'param filedata must be a file');
    const attachmentId = this.uploads.add({
      type,
      name: file.originalname,
      mimeType: file.mimetype,
      bytes: file.buffer,
    });
    return { attachment_id: attachmentId };
  }

  /** Where the customer's Messenger fetches an uploaded file from, as from Facebook's CDN. */
  @Get('uploads/:attachmentId')
  uploaded(@Param('attachmentId') attachmentId: string, @Res() res: Response): void {
    const upload = this.uploads.get(attachmentId);
    if (!upload) {
      res.status(404).end();
      return;
    }
    res.setHeader('content-type', upload.mimeType);
    res.setHeader('content-disposition', `inline; filename="${encodeURIComponent(upload.name)}"`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.end(upload.bytes);
  }

  @Post('me/messages')
  send(
    @Query('access_token') token: string | undefined,
    @Body() body: SendRequest,
    @Res({ passthrough: true }) res: Response,
  ): object {
    if (token !== this.page.accessToken) return graphError(res, 190, 'Invalid OAuth access token.');
    const recipientId = body.recipient?.id ?? body.recipient?.user_ref ?? '';
    const customer = this.customers.find(recipientId);
    if (!customer || customer.blocked)
      return graphError(res, 100, 'No matching user found', 2018001);
    if (body.sender_action === 'react' || body.sender_action === 'unreact') {
      const index = customer.thread.findIndex((e) => e.mid === body.payload?.message_id);
      if (index < 0)
        return graphError(res, 100, 'param payload[message_id] is not a valid message');
      const emoji = body.payload?.reaction;
      if (body.sender_action === 'react' && !emoji)
        return graphError(res, 100, 'param payload[reaction] must be non-empty');
      this.customers.change(customer, (c) => {
        const { pageReaction: _previous, ...entry } = c.thread[index];
        c.thread[index] =
          body.sender_action === 'react' ? { ...entry, pageReaction: emoji } : entry;
      });
      return { recipient_id: recipientId };
    }
    if (body.sender_action) {
      this.customers.change(customer, (c) => {
        if (body.sender_action === 'typing_on') c.typing = true;
        if (body.sender_action === 'typing_off') c.typing = false;
      });
      return { recipient_id: recipientId };
    }
    if (!body.message) return graphError(res, 100, 'param message must be non-empty');
    const uploadId = body.message.attachment?.payload.attachment_id;
    if (uploadId !== undefined && !this.uploads.get(uploadId))
      return graphError(res, 100, `param attachment_id ${uploadId} is not a valid attachment`);
    return { recipient_id: recipientId, message_id: this.deliver(customer, body.message) };
  }

  @Get('me')
  me(): object {
    return { id: DEMO_PAGE_ID, name: DEMO_PAGE_NAME };
  }

  @Post('me/messenger_profile')
  messengerProfile(): object {
    return { result: 'success' };
  }

  @Post(':pageId/subscribed_apps')
  subscribe(): object {
    return { success: true };
  }

  @Get(':id')
  profile(@Param('id') id: string, @Res({ passthrough: true }) res: Response): object {
    const customer = this.customers.find(id);
    // Facebook has no profile for a Chat Plugin guest until they log in.
    if (!customer || (customer.kind === 'guest' && customer.upgradedTo !== id))
      return graphError(res, 100, `Unsupported get request. Object with ID '${id}' does not exist`);
    return {
      id,
      first_name: customer.firstName,
      last_name: customer.lastName,
      profile_pic: `${this.page.origin}/simulator/avatar/${customer.id}.svg`,
    };
  }

  /** An uploaded file is shown from where "Facebook" keeps it, by its attachment_id. */
  private shown(attachment: NonNullable<NonNullable<SendRequest['message']>['attachment']>) {
    const uploadId = attachment.payload.attachment_id;
    const upload = uploadId === undefined ? undefined : this.uploads.get(uploadId);
    if (upload === undefined) return { type: attachment.type, url: attachment.payload.url ?? '' };
    const url = `${this.page.origin}${SIMULATED_GRAPH_PATH}/uploads/${uploadId}`;
    return { type: attachment.type, url, name: upload.name };
  }

  private deliver(customer: SimulatedCustomer, message: NonNullable<SendRequest['message']>) {
    const mid = CustomerWebhooks.newMid();
    const at = Date.now();
    const { attachment } = message;
    const shown = attachment && attachment.type !== 'template' ? this.shown(attachment) : undefined;
    this.customers.change(customer, (c) => {
      c.typing = false;
      c.thread.push({
        mid,
        from: 'page',
        at,
        text: message.text,
        quickReplies: message.quick_replies,
        ...(attachment?.type === 'template'
          ? { template: attachment.payload }
          : shown && { attachment: shown }),
      });
    });
    // After the answer, as Facebook does: the echo and the receipt arrive as separate webhooks.
    setTimeout(() => {
      const echoed = {
        mid,
        app_id: DEMO_APP_ID,
        metadata: message.metadata,
        ...(message.text !== undefined ? { text: message.text } : {}),
        // Facebook's echo of an uploaded file carries where it keeps it, not the attachment_id.
        ...(shown
          ? { attachments: [{ type: shown.type, payload: { url: shown.url } }] }
          : attachment
            ? { attachments: [attachment] }
            : {}),
      };
      this.webhooks
        .echo(customer, echoed, at)
        .then(async () => {
          const watermark = Date.now();
          await this.webhooks.post(customer, { delivery: { mids: [mid], watermark } });
          this.customers.change(customer, () => markDelivered(customer, watermark));
        })
        .catch((error: Error) => this.logger.warn(`receipt not sent: ${error.message}`));
    }, DELIVERY_DELAY_MS);
    return mid;
  }
}

function reusableAttachmentType(message: unknown): string | null {
  try {
    const parsed = JSON.parse(String(message)) as {
      attachment?: { type?: unknown; payload?: { is_reusable?: unknown } };
    };
    const type = parsed.attachment?.type;
    const known = typeof type === 'string' && ['image', 'video', 'audio', 'file'].includes(type);
    return known && parsed.attachment?.payload?.is_reusable === true ? type : null;
  } catch {
    return null;
  }
}

function markDelivered(customer: SimulatedCustomer, watermark: number): void {
  for (const entry of customer.thread)
    if (entry.from === 'page' && entry.at <= watermark) entry.delivered = true;
}

/** Facebook's error body, with the HTTP status it uses for it. */
function graphError(res: Response, code: number, message: string, subcode?: number): object {
  res.status(code === 190 ? 401 : 400);
  return {
    error: {
      message,
      type: code === 190 ? 'OAuthException' : 'GraphMethodException',
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      fbtrace_id: 'SIMULATED',
    },
  };
}
