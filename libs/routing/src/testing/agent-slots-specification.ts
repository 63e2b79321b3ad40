import { findNonJson } from '@pagedesk/shared';
import {
  decideAgentSlots,
  evolveAgentSlots,
  initialAgentSlots,
  type AgentSlotsCommand,
  type AgentSlotsEvent,
  type AgentSlotsRejection,
  type AgentSlotsState,
  type RecordedAgentSlotsEvent,
} from '../agent-slots';

export const slotsAfter = (history: readonly RecordedAgentSlotsEvent[]): AgentSlotsState =>
  history.reduce(evolveAgentSlots, initialAgentSlots());

/**
 * given(history).when(command).then(newEvents) / .thenNothing() / .thenRejected(rejection),
 * as the conversation decider's specification. What decide returns is also checked to be
 * storable as it is: every event and every rejection plain JSON, metadata included.
 */
export const given = (history: readonly RecordedAgentSlotsEvent[]) => ({
  when: (command: AgentSlotsCommand) => {
    const run = () => {
      const decision = decideAgentSlots(command, slotsAfter(history));
      expect(findNonJson(decision)).toBeUndefined();
      return decision;
    };
    const events = (): readonly AgentSlotsEvent[] => {
      const decision = run();
      if (decision.outcome === 'rejected')
        throw new Error(`rejected: ${JSON.stringify(decision.rejection)}`);
      return decision.events;
    };
    return {
      then: (expected: readonly AgentSlotsEvent[]) => {
        const decided = events();
        expect(decided).toEqual(expected);
        for (const event of decided) expect(event.metadata).toEqual(command.metadata);
        return decided;
      },
      thenNothing: () => expect(events()).toEqual([]),
      thenRejected: (rejection: AgentSlotsRejection) =>
        expect(run()).toEqual({ outcome: 'rejected', rejection }),
    };
  },
});
