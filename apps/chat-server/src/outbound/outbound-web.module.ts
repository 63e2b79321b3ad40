import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import type { Env } from '../config/env';
import { OutboundModule } from './outbound.module';
import { AttachmentBlobsController } from './uploads/attachment-blobs.controller';
import { AttachmentsController, UploadLimitsController } from './uploads/attachments.controller';

/** Agents' uploads and the attachment files, over OutboundModule: only where HTTP is served. */
@Module({
  imports: [
    OutboundModule,
    // In memory, bounded by UPLOAD_MAX_BYTES: multer answers a bigger file with 413 (`too_large`).
    MulterModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        limits: { fileSize: config.get('UPLOAD_MAX_BYTES'), files: 1, fields: 2, parts: 3 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [AttachmentsController, AttachmentBlobsController, UploadLimitsController],
})
export class OutboundWebModule {}
