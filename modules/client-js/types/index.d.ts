/** `completed`, `failed` and `cancelled` are finished: nothing moves an upload out of them. */
export type UploadStatus = 'pending' | 'validating' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface RowError { line: number; column: string | null; message: string }

/** The `results` of a `complete` message, snake_case as the gateway sends them. */
export interface UploadResults {
  upload_id: string;
  processed_rows: number;
  updated_rows: number;
  valid_rows: number;
  invalid_rows: number;
  data_quality_score: number;
  aggregation_counts: {
    raw_transactions: number;
    daily_aggregations: number;
    monthly_aggregations: number;
    product_aggregations: number;
  };
  row_errors: RowError[];
  [extra: string]: unknown;
}

export interface ProgressError { message: string; details: string | null; code?: number }

export interface ProgressState {
  status: UploadStatus | null;
  percent: number;
  rowsProcessed: number;
  totalRows: number | null;
  /** The processor's pace over its recent window, rows per second, as the gateway sends it (0 until known). */
  rowsPerSecond: number;
  /** The processor's estimate of the seconds left; null when unknown, 0 once completed. */
  etaSeconds: number | null;
  /** True while the last `status` said the upload stalled (`message` then says since when). */
  stalled: boolean;
  message: string | null;
  error: ProgressError | null;
  results: UploadResults | null;
  connected: boolean;
  seq: number;
}

/** One upload of the tenant board's `uploads` list (and of `GET /api/uploads`): a status's fields and more. */
export interface BoardEntry {
  upload_id: string; seq: number; status: UploadStatus; message: string | null; progress: number;
  rows_processed: number; total_rows: number | null; rows_per_second: number; eta_seconds: number | null;
  stalled: boolean;
  /** The uploaded file's name when the upload gave one. */
  file_name: string | null;
  started_at: string | null;
  updated_at: string | null;
}

export type ServerMessage =
  /** upload_id is null on the tenant board's /ws/uploads/. */
  | { type: 'authenticated'; upload_id: string | null; message: string }
  | {
      type: 'status'; upload_id: string; seq: number; status: UploadStatus; message: string | null; progress: number;
      rows_processed: number; total_rows: number | null; rows_per_second: number; eta_seconds: number | null;
      /** The gateway's stall notice: same seq as the last snapshot; the next snapshot's status clears it. */
      stalled: boolean;
    }
  | {
      type: 'progress'; upload_id: string; seq: number; percent: number; message: string | null; current: number;
      total: number | null; rows_per_second: number; eta_seconds: number | null;
    }
  | { type: 'complete'; upload_id: string; seq: number; message: string; results: UploadResults }
  | { type: 'error'; upload_id: string; seq?: number; message: string; details: string | null }
  | { type: 'pong'; upload_id: string; timestamp: unknown }
  /** The tenant board's list (/ws/uploads/, right after authenticated), newest first. */
  | { type: 'uploads'; uploads: BoardEntry[] };

/** The events of one socket, the same for the upload client and the board client. */
export interface SocketEvents {
  message: ServerMessage;
  authenticated: Extract<ServerMessage, { type: 'authenticated' }>;
  status: Extract<ServerMessage, { type: 'status' }>;
  progress: Extract<ServerMessage, { type: 'progress' }>;
  complete: Extract<ServerMessage, { type: 'complete' }>;
  error: Extract<ServerMessage, { type: 'error' }>;
  open: { connection: number };
  close: { code: number; reason: string; willReconnect: boolean; delay: number | null };
  reconnecting: { attempt: number; delay: number };
}

export interface ClientEvents extends SocketEvents {
  state: ProgressState;
  pong: Extract<ServerMessage, { type: 'pong' }>;
  end: { reason: string; state: ProgressState };
}

export interface BackoffOptions {
  /** First reconnect delay, ms (500). */ initialDelay?: number;
  /** Cap of reconnect delays, ms (15000). */ maxDelay?: number;
  /** Growth per failed attempt (2). */ factor?: number;
}

export interface ClientOptions extends BackoffOptions {
  uploadId: string;
  /** JWT, or a function returning one; called on every (re)connect. */
  token: string | (() => string | Promise<string>);
  /** Gateway origin (http(s):// or ws(s)://); the page's origin in a browser. */
  baseUrl?: string;
  /** WebSocket implementation; globalThis.WebSocket by default (pass the `ws` package's in Node 20). */
  WebSocket?: unknown;
  autoConnect?: boolean;
  /** A connection open this long (ms) resets the backoff (10000). */ healthyAfter?: number;
  /** Consecutive failed attempts before giving up (Infinity). */ maxAttempts?: number;
  /** Client ping interval, ms; 0 disables (15000). */ pingInterval?: number;
  /** Reconnect when nothing arrives this long after a ping, ms (10000). */ pongTimeout?: number;
  /** Send the token as ?token= instead of the first message (false). */ tokenInUrl?: boolean;
  /** Close once completed, failed or cancelled (true). */ closeOnFinish?: boolean;
  random?: () => number;
}

export const TERMINAL_CLOSE_CODES: Readonly<Record<4001 | 4003 | 4004, string>>;
export const HEARTBEAT_CLOSE_CODE: 4000;
/** The contract's close-code table: what the client does on each code. */
export const CLOSE_CODE_ACTIONS: Readonly<Record<1000 | 1001 | 1008 | 1012 | 4001 | 4003 | 4004 | 4008, 'stop' | 'resume' | 'later'>>;
/** The action for any close code; codes not in the table resume. */
export function closeAction(code: number): 'stop' | 'resume' | 'later';
export const DEFAULT_OPTIONS: Readonly<Required<Omit<ClientOptions, 'uploadId' | 'token' | 'baseUrl' | 'WebSocket' | 'autoConnect' | 'random'>>>;

export function webSocketUrl(baseUrl: string, uploadId: string, query?: { lastSeq?: number; token?: string }): string;
export function backoffDelay(attempt: number, options: Required<BackoffOptions>, random?: () => number): number;
export function initialState(): ProgressState;
/** True for `completed`, `failed` and `cancelled`. */
export function isFinished(status: string | null | undefined): boolean;
/** An HTTP URL of the gateway's API (ws(s):// bases become http(s)://; a path prefix is kept). */
export function apiUrl(baseUrl: string, path: string): string;

/**
 * The resume guard of one upload: an older seq never passes, an equal seq once per message type, a stall notice
 * (`status` with `stalled: true`) once per seq.
 */
export class SeqGuard {
  /** The highest seq that passed (0: none). */
  readonly seq: number;
  accept(message: { type: string; seq?: number; stalled?: boolean }): boolean;
  /** Records a snapshot learnt otherwise (a board's list) as seen: its status (and stall) will not pass again. */
  seen(seq: number, stalled: boolean): void;
}
/** The state after a message that passed the guard; never backwards; other messages return `state` itself. */
export function applyMessage<S extends ProgressState | Omit<ProgressState, 'connected'>>(state: S, message: object): S;
/** `complete`, `error` with a seq, or `status` `cancelled`: nothing about the upload follows. */
export function isFinalMessage(message: object): boolean;

export interface CancelOptions {
  uploadId: string;
  token: string | (() => string | Promise<string>);
  /** Gateway origin; the page's origin in a browser. */
  baseUrl?: string;
  /** Same as baseUrl. */
  url?: string;
  fetch?: typeof fetch;
}
/**
 * `DELETE /api/uploads/{uploadId}`. ok: 202, the cancel was sent (body `{uploadId, status: 'cancelling', websocket}`);
 * 409: already finished (`body.message` says how); 401/403/404 as other API calls. Rejects when unreachable.
 */
export function cancelUpload(options: CancelOptions): Promise<{ ok: boolean; status: number; body: any }>;

export class UploadProgressClient {
  constructor(options: ClientOptions);
  readonly uploadId: string;
  /** Connections opened so far. */
  readonly connections: number;
  on<K extends keyof ClientEvents>(type: K, listener: (payload: ClientEvents[K]) => void): () => void;
  getState(): ProgressState;
  connect(): void;
  close(): void;
}

/** Resolves with the final state once the upload completed, failed or was cancelled; rejects (with `.state`) on 4001/4003/4004. */
export function watchUpload(options: ClientOptions): Promise<ProgressState>;
