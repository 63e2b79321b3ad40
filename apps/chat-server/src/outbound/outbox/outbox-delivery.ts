import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CommandBus } from '@nestjs/cqrs';
import {
  isConversationError,
  surveyWindowClosed,
  type ConversationCommand,
  type OutboundMessage,
  type OutboundReaction,
  type StartedConversation,
} from '@pagedesk/conversation';
import { PAGE_DIRECTORY, type PageDirectory, type PageIntegration } from '@pagedesk/integrations';
import { GraphApiClient, GraphApiError } from '@pagedesk/messenger';
import {
  attachmentUploadMessage,
  classifySendFailure,
  reactionBody,
  retryDelay,
  sendApiMessage,
  throttlePauseMs,
  type RetryPolicy,
  type SendFailure,
} from '@pagedesk/outbound';
import type { Env } from '../../config/env';
import { ExecuteConversationCommand } from '../../conversations/execute-conversation-command';
import { BlobStore } from '../uploads/blob-store';
import { PagePauses } from './page-pauses';
import { ConversationStates } from '../../conversations/conversation-states';
import { WORK_FENCE, type MayAct } from '../../processing/work-fence';

type Outcome =
  | { readonly sent: true; readonly mid: string | null }
  | { readonly sent: false; readonly failure: SendFailure; readonly error: GraphApiError | null };

/** One thing to send: a message, or an agent's reaction (a sender action with no mid of its own). */
type Pending =
  | { readonly kind: 'message'; readonly id: string; readonly item: OutboundMessage }
  | { readonly kind: 'reaction'; readonly id: string; readonly item: OutboundReaction };

/** An uploaded file that cannot be sent whatever we retry: its bytes are gone from the blob store. */
class UploadLost extends Error {}

/** The work lease is not held at the moment of a Graph call: nothing was sent, nothing is recorded. */
class NotHolder extends Error {}

/** How often a lane held back by the fence looks again: until the lease is back or the lanes stop. */
const FENCE_RECHECK_MS = 100;

const waiting = (item: { readonly failure: { readonly permanent: boolean } | null }) =>
  !(item.failure?.permanent ?? false);

/** What the customer must get next: earlier ones are all sent or given up on. */
function nextPending(conversation: StartedConversation): Pending | undefined {
  const message = [...conversation.outbound.values()].find((m) => m.mid === null && waiting(m));
  const reaction = [...conversation.agentReactions.values()].find((r) => !r.sent && waiting(r));
  if (reaction && (!message || reaction.requestedAt < message.requestedAt))
    return { kind: 'reaction', id: reaction.reactionId, item: reaction };
  return message && { kind: 'message', id: message.messageId, item: message };
}

/**
 * Delivers one conversation's outbox, oldest first, one message at a time:
 * a message waiting for its retry holds back the ones after it, so the
 * customer reads them in the order the agent wrote them. Every step is read
 * from and written to the conversation's events, so after a restart the same
 * loop picks up exactly where the log says it was, retry times included.
 */
@Injectable()
export class OutboxDelivery {
  readonly pauses = new PagePauses();
  private readonly logger = new Logger(OutboxDelivery.name);
  private readonly policy: RetryPolicy;

  constructor(
    private readonly conversations: ConversationStates,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly graph: GraphApiClient,
    private readonly commands: CommandBus,
    private readonly blobs: BlobStore,
    config: ConfigService<Env, true>,
    @Inject(WORK_FENCE) private readonly mayAct: MayAct | null,
  ) {
    this.policy = {
      baseMs: config.get('OUTBOX_RETRY_BASE_MS'),
      maxMs: config.get('OUTBOX_RETRY_MAX_MS'),
      maxAttempts: config.get('OUTBOX_MAX_ATTEMPTS'),
    };
  }

  /** Returns when nothing is pending; rejects with an AbortError on shutdown. */
  async drain(conversationId: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const conversation = await this.conversations.load(conversationId);
      const message = nextPending(conversation);
      if (message === undefined) return;
      const retryIn = (message.item.failure?.retryAt ?? 0) - Date.now();
      if (retryIn > 0) await sleep(retryIn, undefined, { signal });
      try {
        await this.attempt(conversation, message, signal);
      } catch (error) {
        if (!(error instanceof NotHolder)) throw error;
        await this.untilHolder(signal);
      }
    }
  }

  /**
   * Held back by the fence: the lease-loss timer stops the lanes (and the
   * process) at once; a renewal sent in time may also bring the lease back,
   * and then this lane must not have stopped silently.
   */
  private async untilHolder(signal: AbortSignal): Promise<void> {
    this.logger.warn('work lease not held at a Graph API call: the lane holds back, nothing sent');
    while (!this.held()) await sleep(FENCE_RECHECK_MS, undefined, { signal });
  }

  private held(): boolean {
    return this.mayAct?.() ?? true;
  }

  /** Right before each Graph call: a holder frozen past its deadline must not send after another node took over. */
  private fence(): void {
    if (!this.held()) throw new NotHolder('the work lease is not held');
  }

  private async attempt(
    conversation: StartedConversation,
    message: Pending,
    signal: AbortSignal,
  ): Promise<void> {
    const attempt = (message.item.failure?.attempt ?? 0) + 1;
    if (message.kind === 'message' && surveyWindowClosed(message.item, conversation, Date.now())) {
      const reason =
        "Messenger's 24-hour window closed before the satisfaction survey could be sent";
      const failure: SendFailure = { permanent: true, effect: null, reason };
      return this.record(conversation, message, attempt, { sent: false, failure, error: null });
    }
    const page = this.directory.findPage(conversation.pageId);
    if (page === undefined || !page.tokenValid) {
      const reason = page
        ? "The page's access token is no longer valid: an admin must reconnect the page"
        : 'The page of this conversation is no longer connected';
      const failure: SendFailure = { permanent: true, effect: null, reason };
      return this.record(conversation, message, attempt, { sent: false, failure, error: null });
    }
    await this.pauses.wait(page.pageId, signal);
    const outcome = await this.send(page, conversation, message);
    if (!outcome.sent && outcome.failure.permanent && outcome.failure.effect === 'token_invalid') {
      await this.directory.markTokenInvalid(page.pageId, outcome.failure.reason);
    }
    await this.record(conversation, message, attempt, outcome);
  }

  private async send(
    page: PageIntegration,
    conversation: StartedConversation,
    message: Pending,
  ): Promise<Outcome> {
    try {
      const body =
        message.kind === 'message'
          ? sendApiMessage({
              ...message.item,
              attachmentId: await this.attachmentIdFor(page, conversation, message.item),
              customer: conversation.customer,
            })
          : reactionBody(conversation.customer, message.item.mid, message.item.reaction);
      this.fence();
      const response = await this.graph.request({
        method: 'POST',
        path: '/me/messages',
        accessToken: page.accessToken,
        body,
      });
      this.pauses.pause(page.pageId, throttlePauseMs(response.headers, this.policy.maxMs));
      // A sender action is answered with the recipient only: its success is the answer itself.
      if (message.kind === 'reaction') return { sent: true, mid: null };
      const mid = (response.body as { message_id?: unknown } | null)?.message_id;
      if (typeof mid === 'string' && mid !== '') return { sent: true, mid };
      const error = new GraphApiError(response.status, null, null, 'no message_id in the answer');
      return { sent: false, failure: classifySendFailure(error), error };
    } catch (error) {
      if (error instanceof UploadLost) {
        return {
          sent: false,
          failure: { permanent: true, effect: null, reason: error.message },
          error: null,
        };
      }
      if (!(error instanceof GraphApiError)) throw error;
      const failure = classifySendFailure(error);
      const pauseMs = throttlePauseMs(error.headers, this.policy.maxMs);
      if (!failure.permanent && (failure.throttled || pauseMs > 0)) {
        this.pauses.pause(page.pageId, Math.max(pauseMs, this.policy.baseMs));
      }
      return { sent: false, failure, error };
    }
  }

  /**
   * An uploaded file goes to Facebook's Attachment Upload API once: the id it answers is
   * recorded (AgentAttachmentUploaded) before the Send API call, so a retry after a failed send
   * or a crash sends that id. Upload failures are classified and retried like a send's.
   */
  private async attachmentIdFor(
    page: PageIntegration,
    conversation: StartedConversation,
    message: OutboundMessage,
  ): Promise<string | null> {
    if (message.content.kind !== 'upload') return null;
    if (message.attachmentId !== null) return message.attachmentId;
    const { upload } = message.content;
    const bytes = await this.blobs.get(upload.blob);
    if (bytes === null)
      throw new UploadLost(`The uploaded file ${upload.name} is no longer stored`);
    const form = new FormData();
    form.append('message', attachmentUploadMessage(upload.type));
    form.append('filedata', new Blob([bytes], { type: upload.mimeType }), upload.name);
    this.fence();
    const response = await this.graph.request({
      method: 'POST',
      path: '/me/message_attachments',
      accessToken: page.accessToken,
      body: form,
    });
    const attachmentId = (response.body as { attachment_id?: unknown } | null)?.attachment_id;
    if (typeof attachmentId !== 'string' || attachmentId === '') {
      throw new GraphApiError(response.status, null, null, 'no attachment_id in the answer');
    }
    const now = new Date().toISOString();
    await this.commands.execute(
      new ExecuteConversationCommand(
        conversation.conversationId,
        {
          type: 'RecordAttachmentUpload',
          data: { messageId: message.messageId, attachmentId },
          metadata: { now },
        },
        {
          correlationId: message.messageId,
          causationId: `${message.messageId}:upload`,
          actor: 'outbox',
          now,
        },
      ),
    );
    return (await this.conversations.load(conversation.conversationId)).outbound.get(
      message.messageId,
    )!.attachmentId;
  }

  private async record(
    conversation: StartedConversation,
    message: Pending,
    attempt: number,
    outcome: Outcome,
  ): Promise<void> {
    const now = Date.now();
    const metadata = { now: new Date(now).toISOString() };
    const command: ConversationCommand = outcome.sent
      ? sentCommand(message, outcome.mid, metadata)
      : this.failedCommand(message, attempt, outcome, now, metadata);
    try {
      await this.commands.execute(
        new ExecuteConversationCommand(conversation.conversationId, command, {
          correlationId: message.id,
          causationId: `${message.id}:attempt:${attempt}`,
          actor: 'outbox',
          now: metadata.now,
        }),
      );
    } catch (error) {
      // The echo confirmed it while Facebook's answer was on its way: nothing left to record.
      if (!isConversationError(error) || error.reason !== 'already_sent') throw error;
    }
  }

  private failedCommand(
    message: Pending,
    attempt: number,
    { failure, error }: Extract<Outcome, { sent: false }>,
    now: number,
    metadata: { now: string },
  ): ConversationCommand {
    const givingUp = !failure.permanent && attempt >= this.policy.maxAttempts;
    const permanent = failure.permanent || givingUp;
    const data = {
      code: error?.code ?? null,
      subcode: error?.subcode ?? null,
      reason: givingUp ? `${failure.reason} (gave up after ${attempt} tries)` : failure.reason,
      permanent,
      attempt,
      retryAt: permanent ? null : now + this.retryIn(attempt, error),
    };
    if (message.kind === 'reaction')
      return {
        type: 'MarkAgentReactionFailed',
        data: { reactionId: message.id, ...data },
        metadata,
      };
    return {
      type: 'MarkAgentMessageFailed',
      data: {
        messageId: message.id,
        ...data,
        recipientUnavailable: failure.permanent && failure.effect === 'recipient_unavailable',
      },
      metadata,
    };
  }

  private retryIn(attempt: number, error: GraphApiError | null): number {
    const asked = throttlePauseMs(error?.headers ?? null, this.policy.maxMs);
    return Math.max(retryDelay(attempt, this.policy), asked);
  }
}

function sentCommand(
  message: Pending,
  mid: string | null,
  metadata: { now: string },
): ConversationCommand {
  if (message.kind === 'reaction')
    return { type: 'MarkAgentReactionSent', data: { reactionId: message.id }, metadata };
  return {
    type: 'MarkAgentMessageSent',
    // send() answers a message's success only with Facebook's mid in hand.
    data: { messageId: message.id, mid: mid!, sentAt: null },
    metadata,
  };
}
