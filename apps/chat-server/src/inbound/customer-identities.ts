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

  /** `read`: this identity as read moments ago, decided on instead of reading it again. */
  async handle(
    command: IdentityCommand,
    context: CommandContext,
    read?: StreamRead<IdentityState>,
  ): Promise<IdentityState> {
    const stream = identityStream(command.data.pageId, command.data.customer);
    const result = await handleCommand(
      this.store,
      stream,
      customerIdentity,
      codec,
      command,
      context,
      { cache: this.cache, read },
    );
    return result.newState;
  }
}
