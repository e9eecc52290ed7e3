/** Every JSON call the Files page and card make to `/api/files`; the upload itself is in upload.ts. */
import type { FilesApi } from '@homelab/functions';
import { apiClient, unwrap } from '../../api/client';
import type { FilesConfig, LinkView, UploadStatus, UploadView } from './types';

const files = apiClient<FilesApi>('files');

export const getFilesConfig = (): Promise<FilesConfig> => unwrap(files.config.$get());

export const listUploads = async (status?: UploadStatus, limit = 100): Promise<UploadView[]> =>
  (await unwrap(files.uploads.$get({ query: { ...(status ? { status } : {}), limit: String(limit) } })))
    .uploads;

/** An expiring download link that works without a session; every link made is audited. */
export const createDownloadLink = (id: string, expiresInMinutes: number): Promise<LinkView> =>
  unwrap(files.uploads[':id'].link.$post({ param: { id }, json: { expiresInMinutes } }));

export const deleteUpload = async (id: string) => {
  await unwrap(files.uploads[':id'].$delete({ param: { id } }));
};
