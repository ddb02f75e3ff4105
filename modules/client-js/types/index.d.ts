export type UploadStatus = 'pending' | 'validating' | 'processing' | 'completed' | 'failed';

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
  message: string | null;
  error: ProgressError | null;
  results: UploadResults | null;
  connected: boolean;
  seq: number;
}

export type ServerMessage =
  | { type: 'authenticated'; upload_id: string; message: string }
  | { type: 'status'; upload_id: string; seq: number; status: UploadStatus; message: string | null; progress: number; rows_processed: number; total_rows: number | null }
  | { type: 'progress'; upload_id: string; seq: number; percent: number; message: string | null; current: number; total: number | null }
  | { type: 'complete'; upload_id: string; seq: number; message: string; results: UploadResults }
  | { type: 'error'; upload_id: string; seq?: number; message: string; details: string | null }
  | { type: 'pong'; upload_id: string; timestamp: unknown };

export interface ClientEvents {
  state: ProgressState;
  message: ServerMessage;
  authenticated: Extract<ServerMessage, { type: 'authenticated' }>;
  status: Extract<ServerMessage, { type: 'status' }>;
  progress: Extract<ServerMessage, { type: 'progress' }>;
  complete: Extract<ServerMessage, { type: 'complete' }>;
  error: Extract<ServerMessage, { type: 'error' }>;
  pong: Extract<ServerMessage, { type: 'pong' }>;
  open: { connection: number };
  close: { code: number; reason: string; willReconnect: boolean; delay: number | null };
  reconnecting: { attempt: number; delay: number };
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
  /** Close once completed or failed (true). */ closeOnFinish?: boolean;
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

/** Resolves with the final state once the upload completed or failed; rejects (with `.state`) on 4001/4003/4004. */
export function watchUpload(options: ClientOptions): Promise<ProgressState>;
