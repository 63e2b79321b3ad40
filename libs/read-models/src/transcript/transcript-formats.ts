import type { Transcript, TranscriptEntry } from './transcript.types';

const time = (ms: number) => new Date(ms).toISOString();

function author(entry: TranscriptEntry, customerName: string | null): string {
  switch (entry.kind) {
    case 'customer':
      return customerName ?? 'Customer';
    case 'agent':
      return entry.agent ? entry.agent.name : 'Agent';
    case 'page':
      return 'Page';
    case 'automatic':
      return 'Automatic';
    case 'system':
      return 'System';
    case 'note':
      return `Note by ${entry.agent?.name ?? '?'}`;
    default:
      return entry.kind satisfies never;
  }
}

/** What a system moment or a non-text message was, in words. */
function describe(entry: TranscriptEntry): string {
  const d = entry.details;
  switch (entry.type) {
    case 'message':
      return entry.text ?? describeContent(d.content);
    case 'postback':
      return `[button] ${entry.text ?? ''}`;
    case 'csat_answer':
      return `[satisfaction] ${csatWords(String(d.scale), String(d.choice))}`;
    case 'referral':
      return `[referral] ${JSON.stringify(d.referral)}`;
    case 'queued':
      return `queued${d.queue ? ` in ${String(d.queue)}` : ''}`;
    case 'assigned':
      return `assigned to ${entry.agent?.name ?? '?'}`;
    case 'transferred': {
      const from = String(d.fromAgentName ?? d.previousAgentId);
      const to = entry.agent?.name ?? `queue ${String(d.queue)}`;
      return `transferred from ${from} to ${to}${d.note ? ` with the note: ${String(d.note)}` : ''}`;
    }
    case 'requeued':
      return `back in ${d.queue ? String(d.queue) : 'the queue'}: ${String(d.previousAgentId)} stayed away`;
    case 'contact_shared':
      return `contact shared: ${String(d.kind)} ${String(d.value)}`;
    case 'closed':
      return `closed by ${entry.agent?.name ?? '?'}`;
    case 'customer_ended':
      return 'chat ended by the customer';
    case 'expired':
      return `expired (${String(d.rule)})`;
    case 'unreachable':
      return 'ended: Facebook no longer delivers to this customer';
    case 'agent_reacted':
      return d.reaction
        ? `${entry.agent?.name ?? '?'} reacted ${String(d.emoji)} to ${String(d.mid)}`
        : `${entry.agent?.name ?? '?'} took back their reaction to ${String(d.mid)}`;
    case 'note':
      return `[internal note, not sent] ${entry.text ?? ''}`;
    case 'wrapped_up':
      return `wrap-up by ${entry.agent?.name ?? '?'}: ${labelsOf(d.tags)}`;
    default:
      return entry.type satisfies never;
  }
}

const csatWords = (scale: string, choice: string) =>
  scale === 'five_point' ? `${choice} of 5` : `thumbs ${choice}`;
const labelsOf = (tags: unknown): string =>
  (Array.isArray(tags) ? (tags as { label: string }[]) : []).map((t) => t.label).join(', ');

/** Agent and automatic messages without text: an attachment or a carousel. */
function describeContent(content: unknown): string {
  const c = content as
    | { kind: 'attachment'; attachment: { type: string; url: string } }
    | { kind: 'carousel'; elements: { title: string }[] }
    | { kind: 'upload'; upload: { type: string; name: string; size: number } }
    | undefined;
  if (c?.kind === 'attachment') return `[${c.attachment.type}] ${c.attachment.url}`;
  if (c?.kind === 'upload') return `[${c.upload.type}] ${c.upload.name} (${c.upload.size} bytes)`;
  if (c?.kind === 'carousel') return `[carousel] ${c.elements.map((e) => e.title).join(' | ')}`;
  return '';
}

const attachmentsOf = (entry: TranscriptEntry) =>
  (Array.isArray(entry.details.attachments) ? entry.details.attachments : []) as {
    type: string;
    url: string | null;
    title: string | null;
  }[];

/** Plain text for reading or printing: one line per entry, then its attachments, edits and reaction. */
export function transcriptAsText(transcript: Transcript): string {
  const lines = [
    `Conversation ${transcript.conversationId} (page ${transcript.pageId})`,
    `Customer: ${transcript.customerName ?? 'unknown'}`,
    '',
  ];
  for (const entry of transcript.entries) {
    const status = entry.delivery
      ? ` [${entry.delivery}${entry.failure ? `: ${entry.failure}` : ''}]`
      : '';
    const quickReply = entry.details.quickReplyPayload
      ? ` (quick reply: ${String(entry.details.quickReplyPayload)})`
      : '';
    lines.push(
      `${time(entry.at)}  ${author(entry, transcript.customerName)}: ${describe(entry)}${quickReply}${status}`,
    );
    for (const a of attachmentsOf(entry)) lines.push(`    [${a.type}] ${a.title ?? a.url ?? ''}`);
    for (const edit of entry.edits) lines.push(`    edited ${time(edit.editedAt)}: ${edit.text}`);
    if (entry.reaction) {
      lines.push(
        `    reaction ${entry.reaction.emoji ?? entry.reaction.reaction} ${time(entry.reaction.at)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const CSV_COLUMNS = ['at', 'kind', 'type', 'author', 'text', 'delivery', 'mid', 'details'] as const;

/**
 * RFC 4180 quoting. Customers write the text, so a cell that a spreadsheet
 * would run as a formula (=, +, -, @) is prefixed with an apostrophe (OWASP's
 * CSV-injection advice): QC opens these files in spreadsheets.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function transcriptAsCsv(transcript: Transcript): string {
  const rows = transcript.entries.map((entry) => [
    time(entry.at),
    entry.kind,
    entry.type,
    author(entry, transcript.customerName),
    describe(entry),
    entry.delivery ?? '',
    entry.mid ?? '',
    JSON.stringify({ ...entry.details, edits: entry.edits, reaction: entry.reaction }),
  ]);
  return [CSV_COLUMNS, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
