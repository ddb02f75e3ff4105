import type {
  BackoffOptions, BoardEntry, ProgressError, ProgressState, ServerMessage, SocketEvents,
} from './index.js';

/** One upload as the board shows it: the single-upload client's state (less `connected`) and its description. */
export interface BoardUpload extends Omit<ProgressState, 'connected'> {
  uploadId: string;
  /** The uploaded file's name, when the upload gave one. */
  fileName: string | null;
  startedAt: string | null;
  updatedAt: string | null;
}

export interface BoardOptions extends BackoffOptions {
  /** JWT, or a function returning one; called on every (re)connect. */
  token: string | (() => string | Promise<string>);
  /** Gateway origin (http(s):// or ws(s)://); the page's origin in a browser. */
  baseUrl?: string;
  /** Same as baseUrl. */
  url?: string;
  /** WebSocket implementation; globalThis.WebSocket by default (pass the `ws` package's in Node 20). */
  WebSocket?: unknown;
  /** For describeNew; globalThis.fetch by default. */
  fetch?: typeof fetch;
  autoConnect?: boolean;
  /** A connection open this long (ms) resets the backoff (10000). */ healthyAfter?: number;
  /** Consecutive failed attempts before giving up (Infinity). */ maxAttempts?: number;
  /** Client ping interval, ms; 0 disables (15000). */ pingInterval?: number;
  /** Reconnect when nothing arrives this long after a ping, ms (10000). */ pongTimeout?: number;
  /** Send the token as ?token= instead of the first message (false). */ tokenInUrl?: boolean;
  /** Read GET /api/uploads when an upload not listed appears live, for its file name and start (true). */
  describeNew?: boolean;
  /** limit of that request (100). */ listLimit?: number;
  random?: () => number;
}

export interface BoardEvents extends SocketEvents {
  /** Every upload, newest first, after any change. */
  uploads: BoardUpload[];
  /** The one upload that changed. */
  upload: BoardUpload;
  /** Every upload after each `uploads` list (the first, and one per reconnect). */
  list: BoardUpload[];
  end: { reason: string; error: ProgressError | null };
}

export const BOARD_DEFAULTS: Readonly<Required<Omit<BoardOptions, 'token' | 'baseUrl' | 'url' | 'WebSocket' | 'fetch' | 'autoConnect' | 'random'>>>;

/** ws(s)://…/ws/uploads/ of a gateway. */
export function boardUrl(baseUrl: string, query?: { token?: string }): string;

export class BoardClient {
  constructor(options: BoardOptions);
  /** Connections opened so far. */
  readonly connections: number;
  /** True while an authenticated socket is open. */
  readonly connected: boolean;
  /** The refusal (4001/4003, 1000) or give-up once it stopped for good; null otherwise. */
  readonly error: ProgressError | null;
  on<K extends keyof BoardEvents>(type: K, listener: (payload: BoardEvents[K]) => void): () => void;
  /** Copies, newest first (by start time; uploads first seen live count as just started). */
  getUploads(): BoardUpload[];
  getUpload(uploadId: string): BoardUpload | null;
  connect(): void;
  close(): void;
}

export interface WatchBoardOptions extends BoardOptions {
  onUploads?: (uploads: BoardUpload[]) => void;
  onUpload?: (upload: BoardUpload) => void;
  onMessage?: (message: ServerMessage) => void;
  onConnection?: (connection: { connected: boolean; connection: number }) => void;
  onEnd?: (end: { reason: string; error: ProgressError | null }) => void;
}

/** A connected BoardClient with callbacks; close() it to stop. */
export function watchBoard(options: WatchBoardOptions): BoardClient;

export type { BoardEntry };
