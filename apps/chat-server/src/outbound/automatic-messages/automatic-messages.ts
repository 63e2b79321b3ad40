import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CONVERSATION_ENDINGS,
  conversationEventCodec,
  endsConversation,
  isConversationError,
  type AutomaticTrigger,
  type ConversationCommand,
  type CustomerMessageReceived,
} from '@pagedesk/conversation';
import type { EventFilter, RecordedEvent } from '@pagedesk/event-store';
import { PAGE_DIRECTORY, type PageDirectory, type PageIntegration } from '@pagedesk/integrations';
import { deterministicUuid } from '@pagedesk/shared';
import { ExecuteConversationCommand } from '../../conversations/execute-conversation-command';
import { conversationIdOf } from '../conversation-state';
import { ConversationStates } from '../../conversations/conversation-states';

/**
 * Reasons the conversation gives for "not now": normal races, logged and
 * skipped. `outside_messaging_window` is also how a survey is not sent after
 * Messenger's 24 hours (libs/conversation/src/decide-csat.ts decides it).
 */
const SKIPPED = new Set(['outside_messaging_window', 'already_ended', 'not_closed_by_agent']);

/** A customer message with neither text nor anything we can show (Facebook's `unsupported`). */
function notHandled(data: CustomerMessageReceived['data']): boolean {
  return (
    data.text === null && data.attachments.every((attachment) => attachment.type === 'unsupported')
  );
}

/**
 * How many conversations' pages are remembered from their start: far more than
 * are live at once, so a close finds its page without reading the stream; the
 * oldest is forgotten first, and one forgotten (or started before this thread
 * ran) is read as before.
 */
export const REMEMBERED_PAGES = 10_000;

/** The triggers whose text the page configures; the survey is asked by RequestCsatSurvey. */
type PageTrigger = keyof PageIntegration['automaticMessages'];

function triggerOf(event: RecordedEvent): { trigger: PageTrigger; key: string } | undefined {
  switch (event.type) {
    case 'ConversationStarted':
      return { trigger: 'opening', key: '' };
    case 'ConversationClosedByAgent':
      return { trigger: 'closing', key: '' };
    case 'CustomerMessageReceived': {
      const data = event.data as unknown as CustomerMessageReceived['data'];
      return notHandled(data) ? { trigger: 'error', key: data.mid } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The page's opening, closing and error messages, and its satisfaction
 * survey after an agent's close, put into the same outbox
 * as agents' messages (so they keep their place in the order) but never
 * tagged HUMAN_AGENT. Ids derive from the conversation and the cause, so a
 * replayed event asks for the same message and the conversation absorbs it.
 */
@Injectable()
export class AutomaticMessages {
  private readonly logger = new Logger(AutomaticMessages.name);
  /** Page of each live conversation this reactor saw start, in the order they started. */
  private readonly pages = new Map<string, string>();

  constructor(
    private readonly conversations: ConversationStates,
    @Inject(PAGE_DIRECTORY) private readonly directory: PageDirectory,
    private readonly commands: CommandBus,
  ) {}

  /** The events triggerOf looks at, and the endings that forget a page; the store leaves every other one out. */
  static readonly FILTER: EventFilter = {
    types: ['ConversationStarted', 'CustomerMessageReceived', ...CONVERSATION_ENDINGS],
    categories: ['conversation'],
  };

  accepts(event: RecordedEvent): boolean {
    return triggerOf(event) !== undefined || endsConversation(event.type);
  }

  /** Conversations whose page is remembered (docs/memory.md: live ones only, at most REMEMBERED_PAGES). */
  get rememberedPages(): number {
    return this.pages.size;
  }

  async handle(event: RecordedEvent): Promise<void> {
    const conversationId = conversationIdOf(event.streamName);
    const cause = triggerOf(event);
    if (cause === undefined) {
      this.pages.delete(conversationId);
      return;
    }
    const page = this.directory.findPage(await this.pageOf(conversationId, event));
    const text = page?.automaticMessages[cause.trigger] ?? null;
    if (text !== null) {
      const messageId = deterministicUuid(
        `automatic-message|${conversationId}|${cause.trigger}|${cause.key}`,
      );
      await this.request(event, conversationId, cause.trigger, messageId, {
        type: 'RequestAutomaticMessage',
        data: {
          messageId,
          trigger: cause.trigger,
          content: { kind: 'text', text, quickReplies: [] },
        },
        metadata: { now: event.metadata.recordedAt },
      });
    }
    // After the closing message, so the customer reads the goodbye before the question.
    const survey = page?.csatSurvey ?? null;
    if (cause.trigger === 'closing' && survey !== null) {
      const surveyId = deterministicUuid(`csat-survey|${conversationId}`);
      await this.request(event, conversationId, 'csat_survey', surveyId, {
        type: 'RequestCsatSurvey',
        data: { surveyId, question: survey.question, scale: survey.scale },
        metadata: { now: event.metadata.recordedAt },
      });
    }
    if (cause.trigger === 'closing') this.pages.delete(conversationId);
  }

  /**
   * The start names the page; every later trigger (an agent's close, an
   * unsupported message) takes it from there, read from the conversation
   * only when this thread did not see the start or has forgotten it.
   */
  private async pageOf(conversationId: string, event: RecordedEvent): Promise<string> {
    const started =
      event.type === 'ConversationStarted' ? conversationEventCodec.decode(event) : undefined;
    if (started?.type === 'ConversationStarted') {
      this.pages.set(conversationId, started.data.pageId);
      if (this.pages.size > REMEMBERED_PAGES) this.pages.delete(this.pages.keys().next().value!);
      return started.data.pageId;
    }
    return this.pages.get(conversationId) ?? (await this.conversations.load(conversationId)).pageId;
  }

  private async request(
    event: RecordedEvent,
    conversationId: string,
    trigger: AutomaticTrigger,
    messageId: string,
    command: ConversationCommand,
  ): Promise<void> {
    try {
      await this.commands.execute(
        new ExecuteConversationCommand(conversationId, command, {
          correlationId: event.metadata.correlationId,
          causationId: messageId,
          actor: 'system',
          now: event.metadata.recordedAt,
        }),
      );
    } catch (error) {
      if (!isConversationError(error) || !SKIPPED.has(error.reason)) throw error;
      this.logger.debug({ conversationId, trigger, reason: error.reason }, 'skipped');
    }
  }
}
