import type { AgentMessageRequested, ConversationEvent } from './events';
import { given } from './testing/decider-specification';
import {
  AGENT,
  NOW,
  assignedConversation,
  closed,
  command,
  requested,
  sent,
} from './testing/fixtures';

const UPLOAD = {
  kind: 'upload',
  upload: {
    type: 'image',
    blob: 'a'.repeat(64),
    name: 'receipt.png',
    mimeType: 'image/png',
    size: 2048,
  },
  quickReplies: [],
} as const;

const uploadRequested: AgentMessageRequested = {
  type: 'AgentMessageRequested',
  data: {
    messageId: 'o1',
    clientMessageId: 'client-o1',
    agentId: AGENT,
    content: UPLOAD,
    messaging: { messagingType: 'RESPONSE' },
    requestedAt: NOW,
  },
};
const record = (attachmentId: string, messageId = 'o1') =>
  command('RecordAttachmentUpload', { messageId, attachmentId });
const uploaded = (attachmentId: string): ConversationEvent => ({
  type: 'AgentAttachmentUploaded',
  data: { messageId: 'o1', attachmentId, uploadedAt: NOW },
});

describe('RequestAgentMessage with an uploaded file', () => {
  it('records the file (blob, name, type, size) once, even when the browser retries', () => {
    const upload = command('RequestAgentMessage', {
      messageId: 'o1',
      clientMessageId: 'client-o1',
      agentId: AGENT,
      content: UPLOAD,
      humanAgentTagAllowed: false,
    });
    given(assignedConversation()).when(upload).then([uploadRequested]);
    given([...assignedConversation(), uploadRequested])
      .when(upload)
      .thenNothing();
  });
});

describe('RecordAttachmentUpload', () => {
  it("records Facebook's attachment id for the uploaded file, even after the chat ended", () => {
    given([...assignedConversation(), uploadRequested])
      .when(record('att_1'))
      .then([uploaded('att_1')]);
    given([...assignedConversation(), uploadRequested, closed()])
      .when(record('att_1'))
      .then([uploaded('att_1')]);
  });

  it('keeps the first id: a second upload after a crash records nothing, so the first is sent', () => {
    given([...assignedConversation(), uploadRequested, uploaded('att_1')])
      .when(record('att_2'))
      .thenNothing();
  });

  it('refuses an id for a message that is not an upload, or that does not exist', () => {
    given([...assignedConversation(), requested('o1')])
      .when(record('att_1'))
      .thenThrows('not_an_upload');
    given(assignedConversation()).when(record('att_1', 'o9')).thenThrows('message_not_found');
  });

  it('refuses an id for an upload already sent', () => {
    given([...assignedConversation(), uploadRequested, sent('o1', 'm_out')])
      .when(record('att_1'))
      .thenThrows('already_sent');
  });
});
