import type { ConversationEvent } from '@pagedesk/conversation';
import type { RecordedEvent } from '@pagedesk/event-store';
import type { JsonObject } from '@pagedesk/shared';
import { transcriptAsCsv, transcriptAsText } from './transcript-formats';
import { TranscriptProjection } from './transcript.projection';
import { Transcripts } from './transcripts';
import { describeOnReadModelDbs } from '@pagedesk/test-support/read-model-dbs';

const NAMES = new Map([
  ['ada', 'Ada Agent'],
  ['grace', 'Grace Agent'],
]);

/** What agents do at the desk, as a supervisor and an export read it afterwards. */
describeOnReadModelDbs(
  'transcript: transfers, notes and wrap-ups as the desk records them',
  (readModelDb) => {
    let projection: TranscriptProjection;
    let transcripts: Transcripts;
    let position = 0;

    const apply = (event: Omit<ConversationEvent, 'metadata'>) =>
      projection.apply({
        id: `e${++position}`,
        type: event.type,
        data: event.data as unknown as JsonObject,
        metadata: { correlationId: 'c', causationId: 'c', actor: 'ada', recordedAt: 'x' },
        streamName: 'conversation-c1',
        revision: position,
        globalPosition: position,
      } satisfies RecordedEvent);

    beforeEach(async () => {
      const db = readModelDb();
      projection = new TranscriptProjection(db);
      await projection.createSchema();
      transcripts = new Transcripts(db, {
        namesOf: async (_tenant, ids) => new Map(ids.map((id) => [id, NAMES.get(id) ?? id])),
      });
      await apply({
        type: 'ConversationStarted',
        data: {
          conversationId: 'c1',
          tenantId: 'acme',
          pageId: 'p1',
          customer: { kind: 'psid', id: 'psid-1' },
          channel: 'messenger',
          referral: null,
          startedAt: 1_000,
        },
      });
      await apply({
        type: 'AgentAssigned',
        data: { agentId: 'ada', previousAgentId: null, assignedBy: 'ada', assignedAt: 2_000 },
      });
    });

    const entries = async () => (await transcripts.get('acme', 'c1'))!.entries;

    it('shows one transfer entry with who handed it on, to whom, and the note', async () => {
      await apply({
        type: 'ConversationTransferred',
        data: {
          fromAgentId: 'ada',
          to: { kind: 'agent', agentId: 'grace' },
          note: 'Wants a refund',
          transferredAt: 3_000,
        },
      });
      await apply({
        type: 'AgentAssigned',
        data: { agentId: 'grace', previousAgentId: 'ada', assignedBy: 'ada', assignedAt: 3_000 },
      });
      const transfers = (await entries()).filter((e) => e.type === 'transferred');
      expect(transfers).toHaveLength(1);
      expect(transfers[0]).toMatchObject({
        agent: { id: 'grace', name: 'Grace Agent' },
        details: { fromAgentId: 'ada', fromAgentName: 'Ada Agent', note: 'Wants a refund' },
      });
      const transcript = (await transcripts.get('acme', 'c1'))!;
      expect(transcriptAsText(transcript)).toContain(
        'transferred from Ada Agent to Grace Agent with the note: Wants a refund',
      );
      expect(transcriptAsCsv(transcript)).toContain('with the note: Wants a refund');
    });

    it('shows a transfer to a queue once, and one from before notes as it always did', async () => {
      await apply({
        type: 'ConversationTransferred',
        data: {
          fromAgentId: 'ada',
          to: { kind: 'queue', queue: 'billing' },
          note: null,
          transferredAt: 3_000,
        },
      });
      await apply({
        type: 'ConversationRequeued',
        data: {
          queue: 'billing',
          previousAgentId: 'ada',
          reason: 'transferred',
          front: false,
          requeuedBy: 'ada',
          queuedAt: 3_000,
        },
      });
      // An old stream: the assignment alone, no transfer record before it.
      await apply({
        type: 'AgentAssigned',
        data: { agentId: 'grace', previousAgentId: null, assignedBy: 'grace', assignedAt: 4_000 },
      });
      await apply({
        type: 'AgentAssigned',
        data: { agentId: 'ada', previousAgentId: 'grace', assignedBy: 'grace', assignedAt: 5_000 },
      });
      const text = transcriptAsText((await transcripts.get('acme', 'c1'))!);
      expect(text.match(/transferred/g)).toHaveLength(2);
      expect(text).toContain('transferred from Ada Agent to queue billing\n');
      expect(text).toContain('transferred from grace to Ada Agent\n');
    });

    it('marks a note as a note by its author, in the JSON, the text and the CSV export', async () => {
      await apply({
        type: 'InternalNoteAdded',
        data: { noteId: 'n1', authorId: 'grace', text: 'VIP customer', addedAt: 3_500 },
      });
      const [entry] = (await entries()).filter((e) => e.type === 'note');
      expect(entry).toMatchObject({
        kind: 'note',
        agent: { id: 'grace', name: 'Grace Agent' },
        text: 'VIP customer',
        delivery: null,
      });
      const transcript = (await transcripts.get('acme', 'c1'))!;
      expect(transcriptAsText(transcript)).toContain(
        'Note by Grace Agent: [internal note, not sent] VIP customer',
      );
      expect(transcriptAsCsv(transcript)).toContain(
        'note,note,Note by Grace Agent,"[internal note, not sent] VIP customer"',
      );
    });

    it('shows the wrap-up tags with the closing agent, in the text and the CSV export', async () => {
      await apply({
        type: 'ConversationWrappedUp',
        data: {
          agentId: 'ada',
          tags: [
            { tagId: 'refund', label: 'Refund' },
            { tagId: 'resolved', label: 'Resolved' },
          ],
          wrappedUpAt: 4_000,
        },
      });
      await apply({ type: 'ConversationClosedByAgent', data: { agentId: 'ada', closedAt: 4_000 } });
      const [entry] = (await entries()).filter((e) => e.type === 'wrapped_up');
      expect(entry).toMatchObject({
        kind: 'system',
        agent: { id: 'ada', name: 'Ada Agent' },
        details: { tags: [{ tagId: 'refund' }, { tagId: 'resolved' }] },
      });
      const transcript = (await transcripts.get('acme', 'c1'))!;
      expect(transcriptAsText(transcript)).toContain(
        'System: wrap-up by Ada Agent: Refund, Resolved',
      );
      expect(transcriptAsCsv(transcript)).toContain('wrap-up by Ada Agent: Refund, Resolved');
    });
  },
);
