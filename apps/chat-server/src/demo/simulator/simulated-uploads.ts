import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';

export interface SimulatedUpload {
  readonly type: string;
  readonly name: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
}

/** The demo keeps this many uploads in memory (the oldest go first): a demo, not a CDN. */
const KEPT = 50;

/** Files the page uploaded to the simulated Attachment Upload API, by attachment_id, for the customer's thread. */
@Injectable()
export class SimulatedUploads {
  private readonly uploads = new Map<string, SimulatedUpload>();

  add(upload: SimulatedUpload): string {
    const attachmentId = `att_sim_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    this.uploads.set(attachmentId, upload);
    for (const oldest of this.uploads.keys()) {
      if (this.uploads.size <= KEPT) break;
      this.uploads.delete(oldest);
    }
    return attachmentId;
  }

  get(attachmentId: string): SimulatedUpload | undefined {
    return this.uploads.get(attachmentId);
  }
}
