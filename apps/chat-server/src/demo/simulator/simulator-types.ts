/** What the simulator shows in a customer's Messenger thread (also its JSON API's shape). */
export interface ThreadEntry {
  readonly mid: string;
  readonly from: 'customer' | 'page';
  readonly at: number;
  readonly text?: string;
  /** `name`: a file the page uploaded (Attachment Upload API). */
  readonly attachment?: { readonly type: string; readonly url: string; readonly name?: string };
  /** Send API templates and quick replies, kept as Facebook's JSON so the view renders what was sent. */
  readonly template?: unknown;
  readonly quickReplies?: unknown;
  /** A tapped button or quick reply, shown as the customer's bubble. */
  readonly postback?: { readonly title: string; readonly payload: string };
  delivered?: boolean;
  read?: boolean;
  /** How many times the customer edited it (Messenger's `num_edit`). */
  readonly editCount?: number;
  /** The customer's reaction to a page message, and the page's to a customer message (emoji). */
  readonly customerReaction?: string;
  readonly pageReaction?: string;
}

export interface SimulatedCustomer {
  /** The PSID (or a guest's id) Facebook would put in `sender.id`. */
  readonly id: string;
  readonly kind: 'messenger' | 'guest';
  readonly firstName: string;
  readonly lastName: string;
  /** Set when a Chat Plugin guest logged in to Facebook: their messages now carry this PSID. */
  upgradedTo?: string;
  /** The guest closed the plugin's chat. */
  ended?: boolean;
  /** Blocked the page: the Send API answers "no matching user". */
  blocked?: boolean;
  typing: boolean;
  readonly thread: ThreadEntry[];
}
