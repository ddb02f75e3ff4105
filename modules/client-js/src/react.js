// React hook over UploadProgressClient, shaped like the original design's hook:
//   const { progress, status, error, results } = useUploadProgress(uploadId, token);
import { useEffect, useState } from 'react';
import { UploadProgressClient, initialState } from './index.js';

/**
 * Follows one upload while the component is mounted (and re-subscribes when uploadId or token change).
 * @param {string|null|undefined} uploadId nothing is opened while it is empty
 * @param {string|null|undefined} token JWT; nothing is opened while it is empty
 * @param {object} [options] UploadProgressClient options (baseUrl, WebSocket, backoff, ...); read when the
 *   subscription starts
 * @returns {{progress: number, status: string, error: ({message: string, details: (string|null), code?: number}|null),
 *   results: (object|null), connected: boolean, rowsProcessed: number, totalRows: (number|null),
 *   rowsPerSecond: number, etaSeconds: (number|null), stalled: boolean, message: (string|null)}}
 *   rowsPerSecond and etaSeconds are the processor's figures as the gateway sends them; stalled is true while the
 *   gateway says the upload has made no progress for a while (message then says since when)
 */
export function useUploadProgress(uploadId, token, options) {
  const [state, setState] = useState(initialState);
  useEffect(() => {
    setState(initialState());
    if (!uploadId || !token) return undefined;
    const client = new UploadProgressClient({ ...options, uploadId, token, autoConnect: false });
    const unsubscribe = client.on('state', setState);
    client.connect();
    return () => {
      unsubscribe();
      client.close();
    };
    // options are read once per subscription, like the original hook's arguments.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [uploadId, token]);
  return {
    progress: state.percent,
    status: state.status ?? 'pending',
    error: state.error,
    results: state.results,
    connected: state.connected,
    rowsProcessed: state.rowsProcessed,
    totalRows: state.totalRows,
    rowsPerSecond: state.rowsPerSecond,
    etaSeconds: state.etaSeconds,
    stalled: state.stalled,
    message: state.message,
  };
}

export default useUploadProgress;
