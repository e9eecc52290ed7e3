/** The upload shapes the Files page shows, from the shared contract (types only: no zod in the bundle). */
export type {
  AllowedType,
  FilesConfig,
  LinkView,
  ScannerKind,
  UploadError,
  UploadStatus,
  UploadView,
} from '@homelab/db/files';
