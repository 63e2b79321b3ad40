import type { TranscriptEntry } from '@pagedesk/contracts';

/**
 * What agents recorded at the desk, in words: a hand-over with who and the note, an internal note.
 * Null for everything else (and for transfers from before they were recorded).
 */
export function deskMoment(entry: TranscriptEntry): string | null {
  const d = entry.details as {
    fromAgentName?: string;
    queue?: string | null;
    note?: string | null;
  };
  if (entry.type === 'transferred' && d.fromAgentName) {
    const to = entry.agent?.name ?? `queue ${d.queue ?? '?'}`;
    return `— transferred by ${d.fromAgentName} to ${to} —${d.note ? ` note: “${d.note}”` : ''}`;
  }
  if (entry.type === 'wrapped_up') {
    const tags = (entry.details as { tags?: { label: string }[] }).tags ?? [];
    return `— wrap-up (${entry.agent?.name ?? '?'}): ${tags.map((t) => t.label).join(', ')} —`;
  }
  if (entry.type === 'note')
    return `by ${entry.agent?.name ?? '?'} (not sent): ${entry.text ?? ''}`;
  return null;
}
