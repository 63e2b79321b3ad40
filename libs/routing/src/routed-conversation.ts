/** A conversation as routing sees it; `position` is the log position of the event that put it here. */
export type RoutedConversation =
  | (Common & { readonly status: 'open' })
  | (Common & {
      readonly status: 'queued';
      readonly queue: string | null;
      readonly queuedAt: number;
      /** Taken back from an agent: ahead of everyone who never had one. */
      readonly front: boolean;
    })
  | (Common & {
      readonly status: 'assigned';
      readonly queue: string | null;
      readonly agentId: string;
    })
  | (Common & { readonly status: 'ended'; readonly agentId: string | null });

interface Common {
  readonly conversationId: string;
  readonly tenantId: string;
  readonly pageId: string;
  readonly position: number;
  /** Routed only once the customer has said something: an agent gets a question, not a blank chat. */
  readonly spoken: boolean;
}

export type RoutedStatus = RoutedConversation['status'];

export const queueKey = (tenantId: string, queue: string | null): string =>
  `${tenantId}/${queue ?? ''}`;
