import {
  StreamNotFoundError,
  streamIdPart,
  WrongExpectedVersionError,
  type EventStore,
  type RecordedEvent,
} from '@pagedesk/event-store';
import { deterministicUuid } from '@pagedesk/shared';

const OPENED = 'UserRefConversationOpened';
const RESOLVED = 'UserRefResolved';
/** Facebook keeps a plugin visitor's thread for a day; an older user_ref is not a candidate. */
const CLAIM_WINDOW_MS = 24 * 60 * 60 * 1000;

interface Visitor {
  readonly userRef: string;
  readonly conversationId: string;
  readonly openedAt: number;
  readonly psid: string | null;
}

interface Context {
  readonly now: string;
  readonly causationId: string;
}

/**
 * Chat Plugin visitors who are known only by a user_ref. Facebook sends no
 * link when such a visitor replies and a PSID appears, so the PSID's first
 * plugin message claims the page's one open user_ref conversation, and only
 * when there is exactly one: with two candidates a guess could show one
 * customer another's chat, so a new conversation is safer.
 */
export class ChatPluginVisitors {
  constructor(private readonly store: EventStore) {}

  async opened(
    pageId: string,
    userRef: string,
    conversationId: string,
    openedAt: number,
    context: Context,
  ): Promise<void> {
    const event = { userRef, conversationId, openedAt };
    await this.append(
      pageId,
      OPENED,
      event,
      deterministicUuid(`userref|${pageId}|${userRef}|${conversationId}`),
      'any',
      context,
    );
  }

  /** The open user_ref conversation this PSID continues, recording the claim; undefined when there is no single one. */
  async claim(
    pageId: string,
    psid: string,
    at: number,
    context: Context,
  ): Promise<Visitor | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { visitors, revision } = await this.read(pageId);
      const mine = visitors.find((v) => v.psid === psid);
      if (mine) return mine;
      const open = visitors.filter(
        (v) => v.psid === null && at - v.openedAt < CLAIM_WINDOW_MS && at >= v.openedAt,
      );
      if (open.length !== 1) return undefined;
      const [visitor] = open as [Visitor];
      try {
        const id = deterministicUuid(`userref-resolved|${pageId}|${visitor.userRef}|${psid}`);
        await this.append(
          pageId,
          RESOLVED,
          { userRef: visitor.userRef, psid },
          id,
          revision ?? 'no_stream',
          context,
        );
        return { ...visitor, psid };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    return undefined;
  }

  private async read(
    pageId: string,
  ): Promise<{ visitors: Visitor[]; revision: number | undefined }> {
    let events: RecordedEvent[];
    try {
      events = await this.store.readStream(stream(pageId));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { visitors: [], revision: undefined };
      throw error;
    }
    const byRef = new Map<string, Visitor>();
    for (const { type, data } of events) {
      const userRef = data.userRef as string;
      if (type === OPENED)
        byRef.set(userRef, { ...(data as unknown as Omit<Visitor, 'psid'>), psid: null });
      else if (type === RESOLVED && byRef.has(userRef))
        byRef.set(userRef, { ...byRef.get(userRef)!, psid: data.psid as string });
    }
    return { visitors: [...byRef.values()], revision: events[events.length - 1]?.revision };
  }

  private async append(
    pageId: string,
    type: string,
    data: Record<string, string | number>,
    id: string,
    expectedRevision: number | 'any' | 'no_stream',
    context: Context,
  ): Promise<void> {
    await this.store.appendToStream(
      stream(pageId),
      [
        {
          id,
          type,
          data,
          metadata: {
            correlationId: context.causationId,
            causationId: context.causationId,
            actor: 'facebook',
            recordedAt: context.now,
          },
        },
      ],
      { expectedRevision },
    );
  }
}

const stream = (pageId: string) => `chatplugin-${streamIdPart(pageId)}`;
