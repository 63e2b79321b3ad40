import { command, GUEST, PAGE, T0 } from '@pagedesk/conversation/testing/fixtures';
import { isReceipt, linksAfterApplied, updateKey } from './update-routing';

const message = (mid: string) =>
  command('RecordCustomerMessage', {
    mid,
    text: 'hello',
    attachments: [],
    quickReplyPayload: null,
    replyToMid: null,
    sentAt: T0,
  });
const upgrade = (psid: string) =>
  command('UpgradeGuest', { guestId: GUEST.id, psid, upgradedAt: T0 });

describe('update routing: the name an update is routed under, and the links it makes', () => {
  it('a message is known by its mid (a redelivery is the same message), anything else by its delivery and index', () => {
    expect(updateKey(message('m_1'), 'delivery-a:0')).toBe('mid:m_1');
    expect(updateKey(message('m_1'), 'delivery-b:3')).toBe('mid:m_1');
    expect(updateKey(command('EndChatByCustomer', { endedAt: T0 }), 'delivery-a:1')).toBe(
      'update:delivery-a:1',
    );
  });

  it('delivery and read watermarks are receipts, nothing else is', () => {
    expect(isReceipt(command('RecordRead', { watermark: T0 }))).toBe(true);
    expect(isReceipt(command('RecordDelivery', { watermark: T0, mids: [] }))).toBe(true);
    expect(isReceipt(message('m_1'))).toBe(false);
  });

  it('an applied GUEST_UPGRADE links its PSID to the guest’s conversation; one without a PSID links nothing', () => {
    expect(linksAfterApplied(PAGE, upgrade('7390001'), 'c-guest')).toEqual([
      {
        pageId: PAGE,
        customer: { kind: 'psid', id: '7390001' },
        guestId: GUEST.id,
        conversationId: 'c-guest',
      },
    ]);
    expect(linksAfterApplied(PAGE, upgrade(''), 'c-guest')).toEqual([]);
    expect(linksAfterApplied(PAGE, message('m_1'), 'c-guest')).toEqual([]);
  });
});
