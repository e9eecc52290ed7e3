/**
 * Sends one file to `POST /api/files/uploads` as multipart/form-data. XMLHttpRequest rather than
 * fetch because only it reports upload progress. Same-origin, so the browser adds the Origin and
 * Sec-Fetch-Site headers the CSRF guard checks and the session cookie, as it does for fetch.
 */
import type { UploadView } from './types';

export const uploadUrl = '/api/files/uploads';
/** `uploadFieldName` of @homelab/db/files, written out so the page does not bundle zod. */
const fieldName = 'file';

export type UploadOutcome =
  /** 201: stored (clean, or still being scanned). */
  | { kind: 'stored'; upload: UploadView }
  /** 422: kept aside, infected (quarantined) or rejected (zip bomb, polyglot…), with the verdict. */
  | { kind: 'refused'; upload: UploadView | null; message: string }
  | { kind: 'too_large'; message: string }
  | { kind: 'type_not_allowed'; message: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; status: number; message: string };

export interface UploadProgress {
  loaded: number;
  total: number;
}

interface ErrorBody {
  error?: string | { code?: string; message?: string };
  message?: string;
  upload?: UploadView;
}

const parse = (text: string): ErrorBody | null => {
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === 'object' ? (body as ErrorBody) : null;
  } catch {
    return null;
  }
};

/** Both error shapes: the app's `{error:{code,message}}` and the upload's `{error, message, upload}`. */
const messageOf = (body: ErrorBody | null) =>
  (typeof body?.error === 'object' ? body.error.message : undefined) ?? body?.message ?? null;

export function outcomeOf(status: number, text: string): UploadOutcome {
  const body = parse(text);
  if (status === 201 || status === 200) {
    const upload = (body as { upload?: UploadView } | null)?.upload ?? (body as unknown as UploadView);
    return { kind: 'stored', upload };
  }
  const message = messageOf(body);
  switch (status) {
    case 413:
      return { kind: 'too_large', message: message ?? 'The file is larger than this server accepts.' };
    case 415:
      return { kind: 'type_not_allowed', message: message ?? 'This type of file is not allowed.' };
    case 422:
      return { kind: 'refused', upload: body?.upload ?? null, message: message ?? 'The file was refused.' };
    case 0:
      return {
        kind: 'failed',
        status,
        message: 'The upload was interrupted. Check your connection and try again.',
      };
    case 401:
      return { kind: 'failed', status, message: 'Your session has ended. Sign in again, then upload.' };
    default:
      return { kind: 'failed', status, message: message ?? `The server answered ${status}.` };
  }
}

export function sendUpload(file: File, onProgress: (progress: UploadProgress) => void) {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadOutcome>((resolve) => {
    xhr.upload.addEventListener('progress', (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    });
    xhr.addEventListener('load', () => resolve(outcomeOf(xhr.status, xhr.responseText)));
    xhr.addEventListener('error', () => resolve(outcomeOf(0, '')));
    xhr.addEventListener('abort', () => resolve({ kind: 'cancelled' }));
    xhr.open('POST', uploadUrl);
    xhr.setRequestHeader('Accept', 'application/json');
    const form = new FormData();
    form.append(fieldName, file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
