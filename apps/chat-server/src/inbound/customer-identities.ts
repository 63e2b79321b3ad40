import type { CustomerIdentity } from '@pagedesk/conversation';
import {
  aggregateStream,
  handleCommand,
  StateCache,
  type CommandContext,
  type EventCodec,
  type EventStore,
  type StreamRead,
} from '@pagedesk/event-store';
import {
  customerIdentity,
  identityStream,
  IDENTITY_EVENT_TYPES,
  type IdentityCommand,
  type IdentityEvent,
  type IdentityState,
} from '@pagedesk/identity';
import { AppError } from '@pagedesk/shared';

const codec: EventCodec<IdentityEvent> = {
  decode: (event) => {
    if (!(IDENTITY_EVENT_TYPES as readonly string[]).includes(event.type))
      throw new AppError('invalid', `unknown customer identity event ${event.type}`);
    return { type: event.type, data: event.data } as unknown as IdentityEvent;
  },
};

/**
 * The per-identity streams `customer-<page>.<id>` (links and routes): the
 * decisions are the customerIdentity decider's; here they are loaded from a
 * cache of folded states plus what was appended since, decided and appended
 * with the revision that was read.
 */
export class CustomerIdentities {
  private readonly cache = new StateCache<IdentityState>(5_000);

  constructor(private readonly store: EventStore) {}

  async state(pageId: string, customer: CustomerIdentity): Promise<IdentityState> {
    return (await this.read(pageId, customer)).state;
  }

  /** The state with the revision it was read at, for a command to decide on (`handle`'s `read`). */
  read(pageId: string, customer: CustomerIdentity): Promise<StreamRead<IdentityState>> {
    const stream = identityStream(pageId, customer);
    return aggregateStream(this.store, stream, customerIdentity, codec, this.cache);
  }

  /**
   * The identity as this handle last appended or read it, without reading the
   * stream; read when it holds none. Identity streams have one writer, the
   * inbound reactor: it runs in one thread of the only node, or of the node
   * holding the work lease (a node that loses it exits), and each of its
   * appends passes through this cache, so the entry is the stream's state. A
   * writer that broke that rule would still be caught by every decision that
   * appends (it expects this revision, and is decided again on a read); an
   * append that failed forgets the entry (it may be stored all the same); a
   * restart starts empty. A second look (`read`) always reads.
   */
  async known(pageId: string, customer: CustomerIdentity): Promise<StreamRead<IdentityState>> {
    const cached = this.cache.get(identityStream(pageId, customer));
    return cached
      ? { state: cached.state, revision: cached.revision }
      : this.read(pageId, customer);
  }

  /** `read`: this identity as read (or known) moments ago, decided on instead of reading it again. */
  async handle(
    command: IdentityCommand,
    context: CommandContext,
    read?: StreamRead<IdentityState>,
  ): Promise<StreamRead<IdentityState>> {
    const stream = identityStream(command.data.pageId, command.data.customer);
    try {
      const result = await handleCommand(
        this.store,
        stream,
        customerIdentity,
        codec,
        command,
        context,
        { cache: this.cache, read },
      );
      return { state: result.newState, revision: result.nextExpectedRevision };
    } catch (error) {
      this.cache.forget(stream);
      throw error;
    }
  }
}
