import type { ClientOptions, ProgressError, UploadResults, UploadStatus } from './index.js';

export interface UploadProgress {
  /** Percent, 0..100, never decreasing. */
  progress: number;
  status: UploadStatus;
  error: ProgressError | null;
  results: UploadResults | null;
  connected: boolean;
  rowsProcessed: number;
  totalRows: number | null;
  message: string | null;
}

export function useUploadProgress(
  uploadId: string | null | undefined,
  token: string | null | undefined,
  options?: Omit<ClientOptions, 'uploadId' | 'token'>,
): UploadProgress;
export default useUploadProgress;
