import type { Content } from '@pagedesk/contracts';

/** A message the agent sent while the server could not be reached: sent, once, when it can. */
export interface Pending {
  readonly conversationId: string;
  readonly clientMessageId: string;
  readonly content: Content;
}

export type AgentStatus = 'ready' | 'not_ready';

/**
 * What the desktop keeps across reconnects and server restarts, per tab and
 * user (sessionStorage, so a reload keeps it too): the status the agent chose
 * and the messages not yet acknowledged. The server's clientMessageId dedupe
 * makes sending one again harmless.
 */
export class Continuity {
  constructor(private readonly userId: string) {}

  chosenStatus(): AgentStatus {
    return sessionStorage.getItem(this.key('status')) === 'ready' ? 'ready' : 'not_ready';
  }

  choose(status: AgentStatus): void {
    sessionStorage.setItem(this.key('status'), status);
  }

  pending(): Pending[] {
    return JSON.parse(sessionStorage.getItem(this.key('pending')) ?? '[]') as Pending[];
  }

  keep(message: Pending): void {
    const others = this.pending().filter((p) => p.clientMessageId !== message.clientMessageId);
    this.save([...others, message]);
  }

  sent(clientMessageId: string): void {
    this.save(this.pending().filter((p) => p.clientMessageId !== clientMessageId));
  }

  private save(pending: Pending[]): void {
    sessionStorage.setItem(this.key('pending'), JSON.stringify(pending));
  }

  private key(what: string): string {
    return `pagedesk.${what}.${this.userId}`;
  }
}
