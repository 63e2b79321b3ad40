import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { webAppDir } from './web-app-dir';

/** Paths the server answers itself; everything else that asks for a page gets the web app. */
const SERVER_PATHS = /^\/(api|webhooks|socket\.io|simulator|health|ready)(\/|$)/;

/**
 * Serves the agent desktop and supervisor view (apps/agent-desktop, built by
 * `npm run build`) at `/`: its files as they are, and index.html for the
 * app's own routes (`/supervisor`, …) so a reload or a shared link works.
 */
export function serveWebApp(app: NestExpressApplication, configuredDir: string): void {
  const dir = webAppDir(configuredDir);
  if (!dir) {
    new Logger('WebApp').warn(`no web app at ${configuredDir}: run npm run build to serve it`);
    return;
  }
  app.useStaticAssets(dir, { index: false, maxAge: '1h', immutable: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    // Only a browser navigating (Accept names text/html); API clients keep their JSON 404.
    const page = req.headers.accept?.includes('text/html') ?? false;
    if (req.method !== 'GET' || SERVER_PATHS.test(req.path) || !page) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
}
