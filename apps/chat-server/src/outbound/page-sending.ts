import type { PageDirectory, PageIntegration } from '@pagedesk/integrations';
import { AppError } from '@pagedesk/shared';

/**
 * The page a conversation sends from, refused up front when it cannot send:
 * after Facebook rejected its token (190) every send would fail the same way.
 */
export function sendingPage(directory: PageDirectory, pageId: string): PageIntegration {
  const page = directory.findPage(pageId);
  if (page === undefined) {
    throw new AppError('unavailable', 'the page of this conversation is no longer connected', {
      reason: 'page_not_connected',
      pageId,
    });
  }
  if (!page.tokenValid) {
    throw new AppError(
      'unavailable',
      "the page's access token is no longer valid: an admin must reconnect the page",
      { reason: 'page_token_invalid', pageId },
    );
  }
  return page;
}
