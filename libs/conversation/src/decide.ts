import {
  markAgentReactionFailed,
  markAgentReactionSent,
  requestAgentReaction,
} from './agent-reactions';
import type { ConversationCommand } from './commands';
import {
  acceptConversation,
  assignAgent,
  closeConversation,
  expireConversation,
  queueConversation,
  shareContactInfo,
} from './decide-agent';
import {
  endChatByCustomer,
  recordCustomerMessage,
  recordDelivery,
  recordEcho,
  recordEdit,
  recordPostback,
  recordProfile,
  recordReaction,
  recordRead,
  recordReferral,
  resolveUserRef,
  startConversation,
  upgradeGuest,
} from './decide-customer';
import {
  markAgentMessageFailed,
  markAgentMessageSent,
  recordAttachmentUpload,
  requestAgentMessage,
  requestAutomaticMessage,
} from './decide-outbound';
import { addInternalNote } from './decide-notes';
import { requeueConversation, transferConversation } from './decide-routing';
import { requestCsatSurvey } from './decide-csat';
import { ConversationError } from './errors';
import type { ConversationEvent } from './events';
import type { ConversationState } from './state';
import { parseNow } from './time';

/** Returns [] for anything already recorded: every command is safe to retry. */
export function decide(
  command: ConversationCommand,
  state: ConversationState,
): ConversationEvent[] {
  const now = parseNow(command.metadata.now);
  switch (command.type) {
    case 'StartConversation':
      return startConversation(command, state);
    case 'RecordCustomerMessage':
      return recordCustomerMessage(command, state, now);
    case 'RecordPostback':
      return recordPostback(command, state);
    case 'RecordReferral':
      return recordReferral(command, state);
    case 'UpgradeGuest':
      return upgradeGuest(command, state);
    case 'ResolveUserRef':
      return resolveUserRef(command, state);
    case 'RecordProfile':
      return recordProfile(command, state, now);
    case 'RecordEcho':
      return recordEcho(command, state, now);
    case 'RecordEdit':
      return recordEdit(command, state);
    case 'RecordReaction':
      return recordReaction(command, state);
    case 'RecordDelivery':
      return recordDelivery(command, state);
    case 'RecordRead':
      return recordRead(command, state);
    case 'EndChatByCustomer':
      return endChatByCustomer(command, state);
    case 'QueueConversation':
      return queueConversation(command, state, now);
    case 'AssignAgent':
      return assignAgent(command, state, now);
    case 'AcceptConversation':
      return acceptConversation(command, state, now);
    case 'RequestAgentMessage':
      return requestAgentMessage(command, state, now);
    case 'RequestAutomaticMessage':
      return requestAutomaticMessage(command, state, now);
    case 'MarkAgentMessageSent':
      return markAgentMessageSent(command, state, now);
    case 'MarkAgentMessageFailed':
      return markAgentMessageFailed(command, state, now);
    case 'RecordAttachmentUpload':
      return recordAttachmentUpload(command, state, now);
    case 'CloseConversation':
      return closeConversation(command, state, now);
    case 'TransferConversation':
      return transferConversation(command, state, now);
    case 'RequeueConversation':
      return requeueConversation(command, state, now);
    case 'ExpireConversation':
      return expireConversation(command, state, now);
    case 'ShareContactInfo':
      return shareContactInfo(command, state, now);
    case 'RequestCsatSurvey':
      return requestCsatSurvey(command, state, now);
    case 'RequestAgentReaction':
      return requestAgentReaction(command, state, now);
    case 'MarkAgentReactionSent':
      return markAgentReactionSent(command, state, now);
    case 'MarkAgentReactionFailed':
      return markAgentReactionFailed(command, state, now);
    case 'AddInternalNote':
      return addInternalNote(command, state, now);
    default: {
      const unhandled: never = command;
      throw new ConversationError('unknown_command', 'unknown conversation command', {
        type: (unhandled as { type?: unknown }).type,
      });
    }
  }
}
