import type { Page } from 'playwright-core';
import { snap } from './browser';
import { customerWrites, deskDemo, paneOf, readyAgent, requestOf } from './desk-demo';

describe('customer attachments in the browser', () => {
  const demo = deskDemo();

  const attach = async (customer: Page, kind: string, url?: string) => {
    const before = await customer.locator('.fb-bubble.from-customer').count();
    await customer.getByLabel('Attachment kind').selectOption(kind);
    if (url) await customer.getByLabel('Attachment URL').fill(url);
    await customer.getByRole('button', { name: 'Send attachment' }).click();
    await customer.locator('.fb-bubble.from-customer').nth(before).waitFor();
  };

  it('previews every kind a customer can send: picture, sticker, video, audio, file, location and link', async () => {
    const agent = await readyAgent(demo);
    const customer = await customerWrites(demo, 'Let me send you a few things');
    await requestOf(agent, 'Let me send you a few things')
      .getByRole('button', { name: 'Accept' })
      .click();
    const pane = paneOf(agent, 'Let me send you a few things');
    await pane.getByLabel('Message').waitFor();

    const media = `${demo.origin}/simulator/media`;
    const picture = `${demo.origin}/simulator/avatar/sample.svg`;
    await attach(customer.page, 'image', picture);
    await attach(customer.page, 'sticker', picture);
    await attach(customer.page, 'video', `${media}/unboxing.mp4`);
    await attach(customer.page, 'audio', `${media}/voice-note.m4a`);
    await attach(customer.page, 'file', `${media}/receipt%202026.pdf`);
    await attach(customer.page, 'location');
    await attach(customer.page, 'fallback', 'https://shop.example.com/boots');

    const picturePreview = pane.getByRole('img', { name: 'picture from the customer' });
    await picturePreview.waitFor();
    expect(await picturePreview.getAttribute('src')).toBe(picture);
    await pane.getByRole('img', { name: 'sticker' }).waitFor();
    const video = pane.locator('video[aria-label="video from the customer"]');
    await video.waitFor();
    expect([await video.getAttribute('src'), await video.getAttribute('controls')]).toEqual([
      `${media}/unboxing.mp4`,
      '',
    ]);
    const audio = pane.locator('audio[aria-label="audio from the customer"]');
    await audio.waitFor({ state: 'attached' });
    expect(await audio.getAttribute('src')).toBe(`${media}/voice-note.m4a`);
    const file = pane.getByRole('link', { name: 'receipt 2026.pdf' });
    expect(await file.getAttribute('href')).toBe(`${media}/receipt%202026.pdf`);
    const map = pane.getByRole('link', { name: '59.9139, 10.7522 on the map' });
    expect(await map.getAttribute('href')).toContain(
      'openstreetmap.org/?mlat=59.9139&mlon=10.7522',
    );
    await pane.getByText('Pinned location').waitFor();
    const link = pane.getByRole('link', { name: 'A shared link' });
    expect([await link.getAttribute('href'), await link.getAttribute('rel')]).toEqual([
      'https://shop.example.com/boots',
      'noopener noreferrer',
    ]);
    await snap(agent, 'attachments-01-customer-attachments');
    expect(demo.cspViolations).toEqual([]);
    await Promise.all([agent.close(), customer.page.close()]);
  }, 120_000);
});
