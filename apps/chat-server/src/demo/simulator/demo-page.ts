import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { parseMessengerConfig } from '@pagedesk/integrations';
import type { Env } from '../../config/env';
import { DEMO_APP_ID, DEMO_PAGE_ID, SIMULATED_GRAPH_PATH } from '../demo-identity';

/** The demo page as Facebook knows it: its app secret and token (made per run by demo-mode.ts) and our own address. */
@Injectable()
export class DemoPage {
  readonly appSecret: string;
  readonly accessToken: string;
  /** The server's own origin, which Facebook would call for webhooks. */
  readonly origin: string;

  constructor(config: ConfigService<Env, true>) {
    const messenger = parseMessengerConfig(config.get('MESSENGER_CONFIG', { infer: true }) ?? '');
    const app = messenger.apps.find((a) => a.id === DEMO_APP_ID);
    const page = messenger.pages.find((p) => p.pageId === DEMO_PAGE_ID);
    if (!app || !page) throw new Error('demo mode without the demo page in MESSENGER_CONFIG');
    this.appSecret = app.secret;
    this.accessToken = page.accessToken;
    const graph = config.get('MESSENGER_GRAPH_API_URL', { infer: true });
    this.origin = graph.slice(0, graph.length - SIMULATED_GRAPH_PATH.length);
  }
}
