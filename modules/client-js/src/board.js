// Tenant board client for the gateway's /ws/uploads/: every upload of the token's tenants, live, in one socket.
// Imports only ./index.js, so browsers load it as is next to it (the gateway's demo page serves both).
import {
  DEFAULT_OPTIONS,
  ReconnectingClient,
  SeqGuard,
  TERMINAL_CLOSE_CODES,
  apiUrl,
  applyMessage,
  closeAction,
  detachSocket,
  initialState,
} from './index.js';

/**
 * One upload as the board shows it: the single-upload client's state (without `connected`, which is the board's),
 * and what a list needs besides.
 * @typedef {Omit<import('./index.js').ProgressState, 'connected'> & {
 *   uploadId: string, fileName: string|null, startedAt: string|null, updatedAt: string|null
 * }} BoardUpload
 */

/** Defaults of every option; override any of them in the constructor. */
export const BOARD_DEFAULTS = Object.freeze({
  initialDelay: DEFAULT_OPTIONS.initialDelay,
  maxDelay: DEFAULT_OPTIONS.maxDelay,
  factor: DEFAULT_OPTIONS.factor,
  healthyAfter: DEFAULT_OPTIONS.healthyAfter,
  maxAttempts: DEFAULT_OPTIONS.maxAttempts,
  pingInterval: DEFAULT_OPTIONS.pingInterval,
  pongTimeout: DEFAULT_OPTIONS.pongTimeout,
  tokenInUrl: false,
  /**
   * A live message names an upload the board has not listed (started after the list was read): read
   * `GET /api/uploads` once to learn its file name and start time. Off: such uploads have only their id.
   */
  describeNew: true,
  /** `limit` of that request (the gateway caps it at its board size). */
  listLimit: 100,
});

/**
 * The board's WebSocket URL.
 * @param {string} baseUrl http(s):// or ws(s):// origin of the gateway, optionally with a path prefix
 * @param {{token?: string}} [query]
 * @returns {string}
 */
export function boardUrl(baseUrl, query = {}) {
  const url = new URL(baseUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws/uploads/`;
  url.search = '';
  url.hash = '';
  if (query.token) url.searchParams.set('token', query.token);
  return url.toString();
}

/** @returns {BoardUpload} */
function initialUpload(uploadId) {
  const { connected, ...state } = initialState();
  return { ...state, uploadId, fileName: null, startedAt: null, updatedAt: null };
}

const STATE_MESSAGES = new Set(['status', 'progress', 'complete', 'error']);
/** How often, and after how long (ms, growing), an upload the list did not have yet is asked for again. */
const DESCRIBE_RETRIES = 3;
const DESCRIBE_RETRY_DELAY = 1000;

/**
 * Follows every upload of a tenant over `/ws/uploads/`: authenticates with the first message, reads the `uploads`
 * list, then applies each `status` / `progress` / `complete` / `error` to its upload by `upload_id`, with the
 * single-upload client's rules (an older seq is ignored; a `status` with `stalled: true` at the current seq sets
 * `stalled`; status, percent and rows never go backwards). On a dropped connection it reconnects with capped
 * exponential backoff and jitter and reads the list again: the list is the resume point (no `lastSeq` here).
 *
 * Events (`on(type, listener)`): `uploads` (BoardUpload[], newest first, after every change), `upload` (the one
 * BoardUpload that changed), `list` (BoardUpload[] after each `uploads` message), `message` (every parsed server
 * message), `authenticated`, `open` ({connection}), `close` ({code, reason, willReconnect, delay}), `reconnecting`
 * ({attempt, delay}), `end` ({reason, error}) once it stops for good (close(), 1000, 4001, 4003, gave up).
 */
export class BoardClient extends ReconnectingClient {
  /**
   * @param {object} options
   * @param {string|(() => string|Promise<string>)} options.token JWT, or a function returning one (called per connect)
   * @param {string} [options.baseUrl] gateway origin; the page's origin in a browser (`url` is accepted too)
   * @param {string} [options.url]
   * @param {typeof WebSocket} [options.WebSocket] globalThis.WebSocket by default (in Node 20, the `ws` package's)
   * @param {typeof fetch} [options.fetch] for `describeNew` (globalThis.fetch by default)
   * @param {boolean} [options.autoConnect] connect in the constructor (default true)
   * @param {() => number} [options.random] random source for the jitter
   */
  constructor(options) {
    super();
    if (!options || !options.token) throw new TypeError('token is required');
    this.options = { ...BOARD_DEFAULTS, ...options };
    this.baseUrl = options.baseUrl ?? options.url ?? globalThis.location?.origin;
    if (!this.baseUrl) throw new TypeError('baseUrl is required outside a browser page');
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    if (!this.WebSocketImpl) {
      throw new TypeError('no WebSocket implementation: pass options.WebSocket (e.g. the ws package) in Node 20');
    }
    // Bound: a browser's fetch called as a method of another object throws "Illegal invocation".
    this.fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
    this.random = options.random ?? Math.random;
    /** uploadId → {state: BoardUpload, guard: SeqGuard, order: number} */
    this.entries = new Map();
    this.seen = 0;
    /** Connections opened so far (1 = the first). */
    this.connections = 0;
    /** True while an authenticated socket is open. */
    this.connected = false;
    /** The terminal refusal or give-up, once it stopped for good; null otherwise. */
    this.error = null;
    this.describing = null;
    this.describeAgain = false;
    this.timers = { reconnect: null, healthy: null, ping: null, pong: null, describe: null };
    if (this.options.autoConnect !== false) this.connect();
  }

  /** @returns {BoardUpload[]} copies, newest first (by start time; uploads first seen live count as just started) */
  getUploads() {
    return [...this.entries.values()]
      .sort((a, b) => b.order - a.order || b.seen - a.seen)
      .map((entry) => ({ ...entry.state }));
  }

  /** @returns {BoardUpload|null} a copy of one upload's state */
  getUpload(uploadId) {
    const entry = this.entries.get(uploadId);
    return entry ? { ...entry.state } : null;
  }

  socketUrl(token) {
    return boardUrl(this.baseUrl, { token });
  }

  /** Stops for good: closes the socket and cancels any reconnect. */
  close() {
    this.shutDown('closed');
  }

  onMessage(message) {
    if (message.type === 'uploads') {
      this.emit('message', message);
      this.applyList(Array.isArray(message.uploads) ? message.uploads : []);
      this.emit('list', this.getUploads());
      return;
    }
    if (STATE_MESSAGES.has(message.type) && typeof message.upload_id === 'string'
        && (message.type !== 'error' || typeof message.seq === 'number')) {
      this.applyLive(message);
      return;
    }
    this.emit('message', message);
    if (message.type === 'authenticated') {
      this.connected = true;
      this.emit('authenticated', message);
    } else if (message.type === 'error') {
      // A problem of the board channel itself (authentication, limits); a close code usually follows.
      this.lastProtocolError = { message: message.message, details: message.details ?? null };
    }
  }

  /** The list, the resume point: each upload moves to its listed state unless it already has a newer one. */
  applyList(list) {
    const changed = [];
    for (const listed of list) {
      if (!listed || typeof listed.upload_id !== 'string') continue;
      let entry = this.entries.get(listed.upload_id);
      if (!entry) entry = this.add(listed.upload_id);
      entry.listed = true;
      const before = entry.state;
      let next = { ...before };
      if (listed.file_name) next.fileName = listed.file_name;
      if (listed.started_at) next.startedAt = listed.started_at;
      if (listed.updated_at && (!next.updatedAt || listed.seq >= before.seq)) next.updatedAt = listed.updated_at;
      if (typeof listed.seq === 'number' && listed.seq >= before.seq) {
        // An entry has the fields of a status message; the stall it reports is the one of that seq.
        next = applyMessage(next, { ...listed, type: 'status' });
        entry.guard.seen(listed.seq, listed.stalled === true);
      }
      entry.order = sortKey(next.startedAt ?? next.updatedAt, entry.order);
      entry.state = next;
      if (!sameUpload(before, next)) changed.push(next);
    }
    for (const upload of changed) this.emit('upload', { ...upload });
    this.emit('uploads', this.getUploads());
  }

  applyLive(message) {
    let entry = this.entries.get(message.upload_id);
    const isNew = !entry;
    if (isNew) entry = this.add(message.upload_id);
    if (!entry.guard.accept(message)) return;
    this.emit('message', message);
    const before = entry.state;
    entry.state = applyMessage(before, message);
    if (entry.state !== before || isNew) {
      this.emit('upload', { ...entry.state });
      this.emit('uploads', this.getUploads());
    }
    this.emit(message.type, message);
    if (isNew && this.options.describeNew) this.describe();
  }

  add(uploadId) {
    const entry = {
      state: initialUpload(uploadId), guard: new SeqGuard(), order: Date.now(), seen: ++this.seen, listed: false,
    };
    this.entries.set(uploadId, entry);
    return entry;
  }

  /**
   * `GET /api/uploads`: file names and start times of uploads first seen live; one request at a time. The gateway may
   * list an upload a moment after its first message: one still missing is asked for again, a few times, later.
   */
  describe(retry = 0) {
    if (!this.fetchImpl || this.stopped) return;
    if (this.describing) {
      this.describeAgain = true;
      return;
    }
    this.clearTimer('describe');
    this.describing = (async () => {
      try {
        const token = await this.token();
        const response = await this.fetchImpl(apiUrl(this.baseUrl, `/api/uploads?limit=${this.options.listLimit}`), {
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        });
        if (!response.ok) return;
        const body = await response.json();
        if (!this.stopped && Array.isArray(body?.uploads)) this.applyList(body.uploads);
      } catch {
        // Only names and start times are missing: the live messages go on regardless.
      } finally {
        this.describing = null;
        if (this.describeAgain) {
          this.describeAgain = false;
          this.describe();
        } else if (retry < DESCRIBE_RETRIES && [...this.entries.values()].some((entry) => !entry.listed)) {
          this.timers.describe = setTimeout(() => this.describe(retry + 1), DESCRIBE_RETRY_DELAY * (retry + 1));
        }
      }
    })();
  }

  onClose(socket, code, reason) {
    if (!this.dropSocket(socket)) return;
    this.connected = false;
    if (this.stopped) return;
    const action = closeAction(code);
    if (action === 'stop') {
      this.stopped = true;
      this.error = {
        message: this.lastProtocolError?.message ?? TERMINAL_CLOSE_CODES[code] ?? 'closed',
        details: this.lastProtocolError?.details ?? reason ?? null,
        code,
      };
      this.emit('close', { code, reason, willReconnect: false, delay: null });
      this.end(TERMINAL_CLOSE_CODES[code] ?? 'closed');
      return;
    }
    this.scheduleReconnect({ code, reason, later: action === 'later' });
  }

  shutDown(endReason) {
    this.stopped = true;
    for (const name of Object.keys(this.timers)) this.clearTimer(name);
    const socket = this.socket;
    this.socket = null;
    this.connected = false;
    if (socket) {
      detachSocket(socket);
      // Closing a socket that is still connecting makes Node's ws emit an error; the socket is abandoned.
      socket.onerror = () => {};
      if (socket.readyState <= 1) socket.close(1000, 'board closed');
    }
    this.end(endReason);
  }

  end(reason) {
    if (this.ended) return;
    this.ended = true;
    this.emit('end', { reason, error: this.error });
  }

}

function sortKey(time, fallback) {
  const parsed = time ? Date.parse(time) : NaN;
  return Number.isNaN(parsed) ? fallback : parsed;
}

function sameUpload(a, b) {
  return Object.keys(b).every((key) => a[key] === b[key]);
}


/**
 * Convenience: a connected {@link BoardClient} with callbacks instead of events.
 * @param {ConstructorParameters<typeof BoardClient>[0] & {
 *   onUploads?: (uploads: BoardUpload[]) => void, onUpload?: (upload: BoardUpload) => void,
 *   onMessage?: (message: object) => void, onConnection?: (c: {connected: boolean, connection: number}) => void,
 *   onEnd?: (end: {reason: string, error: object|null}) => void
 * }} options
 * @returns {BoardClient} call close() to stop
 */
export function watchBoard(options) {
  const { onUploads, onUpload, onMessage, onConnection, onEnd, ...rest } = options ?? {};
  const board = new BoardClient({ ...rest, autoConnect: false });
  if (onUploads) board.on('uploads', onUploads);
  if (onUpload) board.on('upload', onUpload);
  if (onMessage) board.on('message', onMessage);
  if (onConnection) {
    board.on('authenticated', () => onConnection({ connected: true, connection: board.connections }));
    board.on('close', () => onConnection({ connected: false, connection: board.connections }));
  }
  if (onEnd) board.on('end', onEnd);
  board.connect();
  return board;
}
