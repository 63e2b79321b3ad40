import { createHash } from 'node:crypto';
import { snap } from './browser';
import { customerWrites, deskDemo, paneOf, readyAgent, requestOf } from './desk-demo';

// A real 1×1 PNG, so the customer's Messenger (the simulator) can show it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const BLOB = createHash('sha256').update(PNG).digest('hex');
const RECEIVED = '.tick:is([aria-label="delivered"], [aria-label="read"])';

interface Part {
  readonly name: string;
  readonly kind: string;
  readonly state: string;
}

/**
 * docs/blob-store.md, "Retention": with a retention of zero (the configuration is the clock), an
 * upload's bytes go as soon as its message was sent, never before: the customer still gets it,
 * then its preview answers 410 `gone` and the desk says the file is no longer available.
 */
describe('uploads past their retention', () => {
  const demo = deskDemo({ BLOB_RETENTION_DAYS: '0', BLOB_SWEEP_INTERVAL_MS: '200' });

  it('the customer gets the file first; then its bytes are deleted, the preview answers 410 gone and the desk shows "file no longer available"', async () => {
    const ready = await fetch(`${demo.origin}/ready`);
    const parts = ((await ready.json()) as { details: { background: { parts: Part[] } } }).details
      .background.parts;
    expect(parts.find((p) => p.name === 'blob-retention')).toMatchObject({
      kind: 'scheduler',
      state: 'running',
    });

    const agent = await readyAgent(demo);
    const customer = await customerWrites(demo, 'Send me a photo of the label?');
    await requestOf(agent, 'Send me a photo of the label?')
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = paneOf(agent, 'Send me a photo of the label?');
    await pane
      .getByRole('button', { name: '📎 Attach file' })
      .and(agent.locator(':enabled'))
      .waitFor();
    await pane
      .getByLabel('File to send')
      .setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: PNG });
    await pane.locator('.bubble.mine', { hasText: 'label.png' }).locator(RECEIVED).waitFor();
    // A pending send keeps its bytes whatever the retention: the customer has the picture.
    await customer.page.locator('.fb-bubble img.attachment').waitFor();

    const conversationId = await pane.getAttribute('data-conversation-id');
    const path = `/api/conversations/${conversationId}/attachments/${BLOB}`;
    // What the server answers for the preview, asked with the agent's own sign-in until it says
    // gone (the predicate is synchronous: each poll reads the last answer, and asks again).
    await agent.waitForFunction(
      (url) => {
        // Runs in the page (the test's own lib has no DOM types, hence the narrow casts).
        const page = globalThis as unknown as {
          goneCheck?: { asking: boolean; gone: boolean };
          sessionStorage: { getItem(key: string): string };
        };
        const state = (page.goneCheck ??= { asking: false, gone: false });
        if (!state.asking && !state.gone) {
          state.asking = true;
          const { accessToken } = JSON.parse(page.sessionStorage.getItem('pagedesk.session')) as {
            accessToken: string;
          };
          void fetch(url, { headers: { authorization: `Bearer ${accessToken}` } })
            .then(async (r) => {
              const body = (await r.json()) as { error?: { code?: string } };
              state.gone = r.status === 410 && body.error?.code === 'gone';
            })
            .finally(() => (state.asking = false));
        }
        return state.gone;
      },
      path,
      { polling: 250, timeout: 30_000 },
    );

    await agent.reload();
    const bubble = paneOf(agent, 'Send me a photo of the label?').locator('.bubble.mine', {
      hasText: 'label.png',
    });
    await bubble.getByText('file no longer available').waitFor();
    expect(await bubble.getByRole('img', { name: 'label.png' }).count()).toBe(0);
    await snap(agent, 'retention-01-file-no-longer-available');
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([agent.close(), customer.page.close()]);
  }, 120_000);
});
