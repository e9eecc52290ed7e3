/**
 * File uploads as the API speaks them: the upload view, the allow-list of types the runner accepts
 * (checked by magic bytes, not by the declared name or Content-Type), the scanner in use and signed
 * download links. Shared by the files runner, the functions that relay to it and the web page.
 */
import { z } from 'zod';

export const uploadStatusValues = ['scanning', 'clean', 'infected', 'rejected'] as const;
export type UploadStatus = (typeof uploadStatusValues)[number];
export const uploadStorageValues = ['local', 's3'] as const;
export type UploadStorage = (typeof uploadStorageValues)[number];
export const scannerKinds = ['clamd', 'clamscan', 'unavailable'] as const;
export type ScannerKind = (typeof scannerKinds)[number];

export const allowedTypeSchema = z.object({
  mediaType: z.string(),
  /** Lower-case, without the dot; the first is the one a misnamed file is renamed to. */
  extensions: z.array(z.string()),
  label: z.string(),
});
export type AllowedType = z.infer<typeof allowedTypeSchema>;

/** The types an upload may be; anything else is refused with 415. */
export const allowedTypes: readonly AllowedType[] = [
  { mediaType: 'image/png', extensions: ['png'], label: 'PNG image' },
  { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG image' },
  { mediaType: 'image/gif', extensions: ['gif'], label: 'GIF image' },
  { mediaType: 'image/webp', extensions: ['webp'], label: 'WebP image' },
  { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF document' },
  { mediaType: 'application/zip', extensions: ['zip'], label: 'ZIP archive' },
  { mediaType: 'application/gzip', extensions: ['gz', 'tgz'], label: 'gzip archive' },
  { mediaType: 'video/mp4', extensions: ['mp4', 'm4v'], label: 'MP4 video' },
  { mediaType: 'text/plain', extensions: ['txt', 'log'], label: 'Plain text' },
  { mediaType: 'text/csv', extensions: ['csv'], label: 'CSV' },
  { mediaType: 'application/json', extensions: ['json'], label: 'JSON' },
  { mediaType: 'text/markdown', extensions: ['md', 'markdown'], label: 'Markdown' },
];

export const uploadViewSchema = z.object({
  id: z.string().uuid(),
  /** Sanitised; still text from outside, so render it as text only. */
  name: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  status: z.enum(uploadStatusValues),
  /** The ClamAV signature when infected, why it was rejected ('zip bomb', 'polyglot', 'empty'), or null. */
  verdict: z.string().nullable(),
  storage: z.enum(uploadStorageValues),
  createdAt: z.string(),
  scannedAt: z.string().nullable(),
  uploadedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type UploadView = z.infer<typeof uploadViewSchema>;

/** GET /api/files/uploads answers this, newest first. */
export const uploadListSchema = z.object({ uploads: z.array(uploadViewSchema) });
export type UploadList = z.infer<typeof uploadListSchema>;

export const uploadListQuerySchema = z.object({
  status: z.enum(uploadStatusValues).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type UploadListQuery = z.infer<typeof uploadListQuerySchema>;

export const filesConfigSchema = z.object({
  maxBytes: z.number().int().positive(),
  allowedTypes: z.array(allowedTypeSchema),
  scanner: z.enum(scannerKinds),
  storage: z.enum(uploadStorageValues),
});
export type FilesConfig = z.infer<typeof filesConfigSchema>;

export const linkInputSchema = z.object({
  expiresInMinutes: z.number().int().min(5).max(10_080).default(60),
});
export type LinkInput = z.infer<typeof linkInputSchema>;

export const linkViewSchema = z.object({
  /** Absolute path on this site (/api/files/download/<token>); works without a session until expiresAt. */
  url: z.string(),
  expiresAt: z.string(),
});
export type LinkView = z.infer<typeof linkViewSchema>;

/**
 * The JSON body of a refused upload, in the API's one error shape. Codes: 413 `payload_too_large`,
 * 415 `unsupported_media_type`, 422 `infected` or `rejected` (then `upload` is the stored record, its
 * verdict the signature or the reason: 'zip bomb', 'polyglot', 'empty'), 503 `scanner_unavailable`.
 */
export const uploadErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  upload: uploadViewSchema.optional(),
});
export type UploadError = z.infer<typeof uploadErrorSchema>;

/** The multipart field the file must be sent in. */
export const uploadFieldName = 'file';
