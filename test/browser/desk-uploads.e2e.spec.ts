import type { Page } from 'playwright-core';
import { snap } from './browser';
import { customerWrites, deskDemo, paneOf, readyAgent, requestOf } from './desk-demo';

const MAX_BYTES = 200 * 1024;
// A real 1×1 PNG, so the customer's Messenger (the simulator) can show it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const RECEIVED = '.tick:is([aria-label="delivered"], [aria-label="read"])';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** What a file dragged from the desktop and dropped on the chat looks like to the page. */
async function dropFile(
  page: Page,
  selector: string,
  file: { name: string; type: string; text: string },
) {
  // Runs in the page, where DataTransfer and File exist (the test's own lib has no DOM).
  const [text, name, type] = [file.text, file.name, file.type].map((v) => JSON.stringify(v));
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([${text}], ${name}, { type: ${type} }));
    return transfer;
  })()`);
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

describe('an agent sends files from the desk', () => {
  const demo = deskDemo({ UPLOAD_MAX_BYTES: String(MAX_BYTES) });

  it('uploads an image with the picker (shown at once, uploading) and a PDF by drag and drop; an oversized file, an executable and a PDF named .png are refused before anything is sent', async () => {
    const agent = await readyAgent(demo);
    const customer = await customerWrites(demo, 'Can you send me the receipt?');
    await requestOf(agent, 'Can you send me the receipt?')
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = paneOf(agent, 'Can you send me the receipt?');
    await pane
      .getByRole('button', { name: '📎 Attach file' })
      .and(agent.locator(':enabled'))
      .waitFor();

    // The upload is held on its way, as a slow network or a loaded server would hold it: the
    // agent's own file is in the chat at once, with its preview and its state, all the same.
    const uploads: string[] = [];
    agent.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/attachments')) uploads.push(r.url());
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await agent.route(
      '**/api/conversations/*/attachments',
      async (route) => {
        await held;
        await route.continue();
      },
      { times: 1 },
    );
    await pane.getByLabel('File to send').setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    const image = pane.locator('.bubble.mine', { hasText: 'photo.png' });
    await image.getByRole('img', { name: 'photo.png' }).waitFor();
    await image.getByText('uploading…').waitFor();
    await agent.waitForFunction(
      `document.querySelector('.bubble.mine img[alt="photo.png"]')?.naturalWidth === 1`,
    );
    await snap(agent, 'uploads-00-image-uploading');
    release();
    // Recorded, its message takes the pending one's place, preview and all.
    await image.getByRole('img', { name: 'photo.png' }).waitFor();
    // The customer's Messenger is open, so the tick may go straight on to read.
    await image.locator(RECEIVED).waitFor();

    await dropFile(agent, '.chat-pane', {
      name: 'invoice.pdf',
      type: 'application/pdf',
      text: PDF.toString('latin1'),
    });
    const pdf = pane.locator('.bubble.mine', { hasText: 'invoice.pdf' });
    await pdf.locator(RECEIVED).waitFor();
    await snap(agent, 'uploads-01-image-and-pdf-sent');

    // The customer's Messenger shows both, fetched from where "Facebook" keeps them.
    const received = customer.page.locator('.fb-bubble img.attachment');
    await received.waitFor();
    expect(await received.getAttribute('src')).toMatch(/\/uploads\/att_sim_/);
    await customer.page.getByRole('link', { name: 'invoice.pdf' }).waitFor();
    await snap(customer.page, 'uploads-02-customer-received');

    const sentBefore = await pane.locator('.bubble.mine').count();
    await pane.getByLabel('File to send').setInputFiles({
      name: 'scan.png',
      mimeType: 'image/png',
      buffer: Buffer.alloc(2 * MAX_BYTES, 1),
    });
    const refusal = pane.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(
      'scan.png: the file is 400.0 KB; at most 200.0 KB can be sent',
    );
    await dropFile(agent, '.chat-pane', {
      name: 'tool.exe',
      type: 'application/x-msdownload',
      text: 'MZ',
    });
    await pane.getByRole('alert').filter({ hasText: 'tool.exe' }).waitFor();
    // Named and typed as a PNG, but its bytes are a PDF: the desk reads them and says so.
    await pane.getByLabel('File to send').setInputFiles({
      name: 'holiday.png',
      mimeType: 'image/png',
      buffer: PDF,
    });
    await pane.getByRole('alert').filter({ hasText: 'holiday.png' }).waitFor();
    expect(await pane.getByRole('alert').textContent()).toContain(
      'holiday.png: the file says it is image/png but its contents are a document (application/pdf)',
    );
    await snap(agent, 'uploads-03-refused');
    expect(await pane.locator('.upload-pending').count()).toBe(0);
    expect(uploads).toHaveLength(2);
    expect(await pane.locator('.bubble.mine').count()).toBe(sentBefore);
    expect(await customer.page.locator('.fb-bubble img.attachment').count()).toBe(1);

    // After a reload the tab no longer has the file: the preview comes from the server's copy.
    await agent.reload();
    const shown = paneOf(agent, 'Can you send me the receipt?')
      .locator('.bubble.mine', { hasText: 'photo.png' })
      .getByRole('img', { name: 'photo.png' });
    await shown.waitFor();
    expect(await shown.getAttribute('src')).toMatch(/^blob:/);
    await agent.waitForFunction(
      `document.querySelector('.bubble.mine img[alt="photo.png"]')?.naturalWidth === 1`,
    );
    await snap(agent, 'uploads-04-preview-after-reload');
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([agent.close(), customer.page.close()]);
  }, 120_000);
});
