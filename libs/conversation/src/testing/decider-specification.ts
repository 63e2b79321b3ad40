import { findNonJson } from '@pagedesk/shared';
import type { ConversationCommand } from '../commands';
import { decide } from '../decide';
import { CONVERSATION_REJECTIONS, ConversationError, type ConversationRejection } from '../errors';
import { CONVERSATION_EVENT_VERSIONS } from '../event-versions';
import type { ConversationEvent } from '../events';
import { evolve } from '../evolve';
import { initialState, type ConversationState } from '../state';

export const stateAfter = (events: readonly ConversationEvent[]): ConversationState =>
  events.reduce(evolve, initialState());

/**
 * given(history).when(command).then(newEvents) / .thenNothing() / .thenThrows(reason),
 * after oskardudycz's DeciderSpecification. Every emitted event is also checked
 * to be storable: a known, versioned type and JSON-faithful data.
 */
export const given = (history: readonly ConversationEvent[]) => ({
  when: (command: ConversationCommand) => {
    const run = () => decide(command, stateAfter(history));
    return {
      then: (expected: readonly ConversationEvent[]) => {
        const events = run();
        expect(events).toEqual(expected);
        for (const event of events) {
          expect(CONVERSATION_EVENT_VERSIONS[event.type]).toBeGreaterThanOrEqual(1);
          expect(findNonJson(event.data)).toBeUndefined();
        }
        return events;
      },
      thenNothing: () => expect(run()).toEqual([]),
      thenThrows: (reason: ConversationRejection) => {
        let thrown: unknown;
        try {
          run();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(ConversationError);
        expect((thrown as ConversationError).reason).toBe(reason);
        expect((thrown as ConversationError).code).toBe(CONVERSATION_REJECTIONS[reason]);
      },
    };
  },
});
