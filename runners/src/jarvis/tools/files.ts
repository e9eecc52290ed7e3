/** File upload tools: the uploads with their scan verdicts, read through the files runner. */
import type { UploadView } from '@homelab/db/files';
import { z } from 'zod';
import { clip, defineTool } from './define';
import { callRunner } from './runners';

export const listUploads = defineTool('list_uploads', {
  args: z.object({
    status: z
      .enum(['clean', 'infected', 'rejected', 'scanning'])
      .optional()
      .describe('Only uploads with this scan outcome'),
    limit: z.number().int().min(1).max(100).default(25).describe('How many, newest first'),
  }),
  target: () => null,
  async run(args, ctx) {
    const search = new URLSearchParams({ limit: String(args.limit) });
    if (args.status) search.set('status', args.status);
    const { uploads } = await callRunner<{ uploads: UploadView[] }>(ctx, 'files', {
      path: `/uploads?${search}`,
    });
    const infected = uploads.filter((u) => u.status === 'infected').length;
    const rejected = uploads.filter((u) => u.status === 'rejected').length;
    return {
      ok: true,
      summary: `${uploads.length} uploads${infected ? `, ${infected} infected (quarantined)` : ''}${rejected ? `, ${rejected} rejected` : ''}`,
      // File names are chosen by whoever uploaded them.
      untrusted: true,
      data: uploads.map((u) => ({
        id: u.id,
        name: clip(u.name, 120),
        mediaType: u.mediaType,
        sizeBytes: u.sizeBytes,
        status: u.status,
        verdict: u.verdict,
        uploadedBy: u.uploadedBy?.name ?? null,
        createdAt: u.createdAt,
      })),
    };
  },
});

export const fileTools = [listUploads];
