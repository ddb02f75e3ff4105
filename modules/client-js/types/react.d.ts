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
  /** The processor's pace over its recent window, rows per second (0 until known). */
  rowsPerSecond: number;
  /** The processor's estimate of the seconds left; null when unknown, 0 once completed. */
  etaSeconds: number | null;
  /** True while the gateway says the upload has made no progress for a while (`message` says since when). */
  stalled: boolean;
  message: string | null;
}

export function useUploadProgress(
  uploadId: string | null | undefined,
  token: string | null | undefined,
  options?: Omit<ClientOptions, 'uploadId' | 'token'>,
): UploadProgress;
export default useUploadProgress;
