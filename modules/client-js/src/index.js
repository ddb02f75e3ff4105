// Upload progress client for the gateway's raw WebSocket endpoint /ws/processing/{uploadId}/.
// One ES module without imports, so browsers load it as is (the gateway's demo page serves a copy, kept identical by a test).

/** @typedef {'pending'|'validating'|'processing'|'completed'|'failed'|'cancelled'} UploadStatus */

/**
 * The small state object a viewer renders.
 * @typedef {object} ProgressState
 * @property {UploadStatus|null} status null until the gateway has sent the first state
 * @property {number} percent 0..100, never decreases
 * @property {number} rowsProcessed
 * @property {number|null} totalRows null until known
 * @property {number} rowsPerSecond the processor's pace over its recent window, as the gateway sends it (0 until known)
 * @property {number|null} etaSeconds the processor's estimate of the seconds left; null when unknown, 0 once completed
 * @property {boolean} stalled true while the last `status` said the upload stalled (`message` then says since when)
 * @property {string|null} message the gateway's last human-readable message
 * @property {{message: string, details: string|null, code?: number}|null} error upload failure or terminal refusal
 * @property {object|null} results the `results` of the `complete` message (snake_case, as the gateway sends them)
 * @property {boolean} connected true while an authenticated socket is open
 * @property {number} seq the highest `seq` seen (0: none)
 */

/** Close codes after which reconnecting cannot help. */
export const TERMINAL_CLOSE_CODES = Object.freeze({ 4001: 'unauthorized', 4003: 'forbidden', 4004: 'unknown upload' });

/**
 * What the client does on each close code: the contract's table (CloseCode in progress-protocol, README "The
 * contract"). `stop`: give up; `resume`: reconnect with backoff and ?lastSeq; `later`: reconnect only after maxDelay.
 */
export const CLOSE_CODE_ACTIONS = Object.freeze({
  1000: 'stop', 1001: 'resume', 1003: 'stop', 1008: 'resume', 1012: 'resume',
  4001: 'stop', 4003: 'stop', 4004: 'stop', 4008: 'later',
});

/**
 * The action for a close code; codes not in the table (1006 on a dropped network, this client's own 4000) resume.
 * @param {number} code
 * @returns {'stop'|'resume'|'later'}
 */
export function closeAction(code) {
  return CLOSE_CODE_ACTIONS[code] ?? 'resume';
}

/** Close code this client uses when it gives up on a silent connection (no pong in time). */
export const HEARTBEAT_CLOSE_CODE = 4000;

const STATUS_RANK = { pending: 0, validating: 1, processing: 2, completed: 3, failed: 3, cancelled: 3 };
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/**
 * Whether an upload has reached its end: `completed`, `failed` or `cancelled` (stopped on request; no results follow,
 * the gateway closes the viewer's socket with 1000).
 * @param {string|null|undefined} status
 * @returns {boolean}
 */
export function isFinished(status) {
  return FINISHED.has(status);
}

/** Defaults of every option; override any of them in the constructor. */
export const DEFAULT_OPTIONS = Object.freeze({
  /** First reconnect delay, ms. */
  initialDelay: 500,
  /** Reconnect delays never exceed this, ms. */
  maxDelay: 15000,
  /** Each failed attempt multiplies the delay by this. */
  factor: 2,
  /** A connection open this long (ms) resets the backoff to initialDelay. */
  healthyAfter: 10000,
  /** Give up after this many consecutive failed attempts (Infinity: never). */
  maxAttempts: Infinity,
  /** Client ping interval, ms (0 disables heartbeats). */
  pingInterval: 15000,
  /** Reconnect when nothing at all arrives this long after a ping, ms. */
  pongTimeout: 10000,
  /** Put the token in the URL (?token=) instead of the first message. Off: URLs end up in logs. */
  tokenInUrl: false,
  /** Close the socket once the upload completed, failed or was cancelled. */
  closeOnFinish: true,
});

/**
 * Builds the WebSocket URL of an upload.
 * @param {string} baseUrl http(s):// or ws(s):// origin of the gateway, optionally with a path prefix
 * @param {string} uploadId
 * @param {{lastSeq?: number, token?: string}} [query]
 * @returns {string}
 */
export function webSocketUrl(baseUrl, uploadId, query = {}) {
  const url = new URL(baseUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  const prefix = url.pathname.replace(/\/+$/, '');
  url.pathname = `${prefix}/ws/processing/${encodeURIComponent(uploadId)}/`;
  url.search = '';
  url.hash = '';
  if (query.lastSeq > 0) url.searchParams.set('lastSeq', String(query.lastSeq));
  if (query.token) url.searchParams.set('token', query.token);
  return url.toString();
}

/**
 * Builds an HTTP URL of the gateway's API (ws(s):// base URLs become http(s)://; a path prefix is kept).
 * @param {string} baseUrl
 * @param {string} path starting with `/`, e.g. `/api/uploads`
 * @returns {string}
 */
export function apiUrl(baseUrl, path) {
  const url = new URL(baseUrl);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  const [pathname, search = ''] = path.split('?');
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${pathname}`;
  url.search = search;
  url.hash = '';
  return url.toString();
}

/**
 * Asks the gateway to cancel an upload in flight: `DELETE /api/uploads/{uploadId}` with the token as Bearer. The
 * gateway answers 202 (`{uploadId, status: 'cancelling', websocket}`; viewers then get the `status` `cancelled`), 409
 * when the upload has already finished (`body.message` says how), or 401/403/404 like any API call.
 * Rejects only when the gateway cannot be reached (fetch's own error).
 * @param {object} options
 * @param {string} options.uploadId
 * @param {string|(() => string|Promise<string>)} options.token
 * @param {string} [options.baseUrl] gateway origin; the page's origin in a browser (`url` is accepted too)
 * @param {string} [options.url]
 * @param {typeof fetch} [options.fetch] fetch implementation (globalThis.fetch by default)
 * @returns {Promise<{ok: boolean, status: number, body: any}>} ok: the cancel was accepted (202); body: the parsed
 *   JSON answer (its text when not JSON, null when empty)
 */
export async function cancelUpload(options) {
  if (!options || !options.uploadId) throw new TypeError('uploadId is required');
  if (!options.token) throw new TypeError('token is required');
  const baseUrl = options.baseUrl ?? options.url ?? globalThis.location?.origin;
  if (!baseUrl) throw new TypeError('baseUrl is required outside a browser page');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const token = await (typeof options.token === 'function' ? options.token() : options.token);
  const response = await fetchImpl(apiUrl(baseUrl, `/api/uploads/${encodeURIComponent(options.uploadId)}`), {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  const text = await response.text();
  let body = text === '' ? null : text;
  try {
    if (text !== '') body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): the text as it is.
  }
  return { ok: response.status === 202, status: response.status, body };
}

/**
 * Exponential backoff with "equal jitter": half the capped exponential delay, plus a random part of the other half.
 * @param {number} attempt 0 for the first retry
 * @param {{initialDelay: number, maxDelay: number, factor: number}} options
 * @param {() => number} [random] Math.random by default
 * @returns {number} ms
 */
export function backoffDelay(attempt, options, random = Math.random) {
  const capped = Math.min(options.maxDelay, options.initialDelay * Math.pow(options.factor, attempt));
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** @returns {ProgressState} */
export function initialState() {
  return {
    status: null,
    percent: 0,
    rowsProcessed: 0,
    totalRows: null,
    rowsPerSecond: 0,
    etaSeconds: null,
    stalled: false,
    message: null,
    error: null,
    results: null,
    connected: false,
    seq: 0,
  };
}

/**
 * The resume guard of one upload: nothing already seen is delivered twice. One snapshot can give two messages with
 * the same seq (`status` completed, then `complete`), so a seq equal to the last one passes once per message type. A
 * stall is the gateway's `status` again with the last seq and `stalled: true`: it passes once per seq as a kind of
 * its own. Messages without a seq (authenticated, pong, an auth error) always pass.
 */
export class SeqGuard {
  constructor() {
    /** The highest seq that passed (0: none). */
    this.seq = 0;
    this.kinds = new Set();
  }

  /**
   * @param {{type: string, seq?: number, stalled?: boolean}} message
   * @returns {boolean} whether the message is new
   */
  accept(message) {
    if (typeof message.seq !== 'number') return true;
    const kind = message.type === 'status' && message.stalled === true ? 'status/stalled' : message.type;
    if (message.seq < this.seq) return false;
    if (message.seq === this.seq) {
      if (this.kinds.has(kind)) return false;
    } else {
      this.seq = message.seq;
      this.kinds = new Set();
    }
    this.kinds.add(kind);
    return true;
  }

  /**
   * Records a snapshot learnt otherwise (a board's `uploads` list) as seen: its `status` (and stall notice, when it
   * said stalled) will not pass again; a `complete`/`error` of the same seq still does.
   * @param {number} seq @param {boolean} stalled
   */
  seen(seq, stalled) {
    if (seq < this.seq) return;
    if (seq > this.seq) {
      this.seq = seq;
      this.kinds = new Set();
    }
    this.kinds.add('status');
    if (stalled) this.kinds.add('status/stalled');
  }
}

/** The state change a server message stands for; null for messages outside the upload's state. */
function messagePatch(message) {
  switch (message.type) {
    case 'status':
      return {
        status: message.status,
        percent: message.progress,
        rowsProcessed: message.rows_processed,
        totalRows: message.total_rows,
        rowsPerSecond: message.rows_per_second,
        etaSeconds: message.eta_seconds,
        // Older gateways send no `stalled`: not stalled.
        stalled: message.stalled === true,
        message: message.message,
      };
    case 'progress':
      return {
        percent: message.percent,
        rowsProcessed: message.current,
        totalRows: message.total,
        rowsPerSecond: message.rows_per_second,
        etaSeconds: message.eta_seconds,
        message: message.message,
      };
    case 'complete':
      return {
        status: 'completed', percent: 100, etaSeconds: 0, stalled: false, results: message.results ?? null,
        message: message.message,
      };
    case 'error':
      // Without a seq it is a protocol or auth problem, not the upload's failure.
      if (typeof message.seq !== 'number') return null;
      return { status: 'failed', stalled: false, error: { message: message.message, details: message.details ?? null } };
    default:
      return null;
  }
}

/** `state` moved on by `patch` (of snapshot `seq`), never backwards: status by rank, percent and rows only up. */
function mergeState(state, seq, patch) {
  const next = { ...state };
  if (seq !== null) next.seq = Math.max(next.seq, seq);
  if (patch.status && (next.status === null || STATUS_RANK[patch.status] >= STATUS_RANK[next.status])) {
    if (!FINISHED.has(next.status)) next.status = patch.status;
  }
  if (typeof patch.percent === 'number') next.percent = Math.min(100, Math.max(next.percent, patch.percent));
  if (typeof patch.rowsProcessed === 'number') next.rowsProcessed = Math.max(next.rowsProcessed, patch.rowsProcessed);
  if (typeof patch.totalRows === 'number') next.totalRows = patch.totalRows;
  // The processor's figures as sent, not merged: the pace may slow down; an unknown estimate is null.
  if (typeof patch.rowsPerSecond === 'number') next.rowsPerSecond = patch.rowsPerSecond;
  if (typeof patch.etaSeconds === 'number' || patch.etaSeconds === null) next.etaSeconds = patch.etaSeconds;
  if (typeof patch.stalled === 'boolean') next.stalled = patch.stalled;
  if (patch.message !== undefined && patch.message !== null) next.message = patch.message;
  if (patch.results) next.results = patch.results;
  if (patch.error) next.error = patch.error;
  if (next.status === 'completed') {
    next.percent = 100;
    next.etaSeconds = 0;
  }
  if (FINISHED.has(next.status)) next.stalled = false;
  return next;
}

/**
 * The state of one upload after a server message that passed its {@link SeqGuard}: `status`, `progress`, `complete`
 * and `error` (with seq) move it on, never backwards; any other message returns `state` itself.
 * @template {ProgressState} S
 * @param {S} state
 * @param {object} message a parsed server message
 * @returns {S}
 */
export function applyMessage(state, message) {
  const patch = messagePatch(message);
  if (!patch) return state;
  return mergeState(state, typeof message.seq === 'number' ? message.seq : null, patch);
}

/**
 * Whether `message`, just applied, is the last one of its upload: `complete`, `error` with a seq, or the `status`
 * `cancelled` (nothing follows it but the gateway's close).
 * @param {object} message
 * @returns {boolean}
 */
export function isFinalMessage(message) {
  return message.type === 'complete'
    || (message.type === 'error' && typeof message.seq === 'number')
    || (message.type === 'status' && message.status === 'cancelled');
}

/**
 * Follows one upload over the gateway's WebSocket: authenticates with the first message, reconnects with capped
 * exponential backoff and jitter, resumes with `lastSeq`, pings, and keeps a state object that never goes backwards.
 *
 * Events (`on(type, listener)`): `state` (ProgressState), `message` (every parsed server message), `authenticated`,
 * `status`, `progress`, `complete`, `error` (the server messages of those types), `open`, `close`
 * ({code, reason, willReconnect, delay}), `reconnecting` ({attempt, delay}), `end` ({reason}) once nothing more comes
 * (`completed`, `failed`, `cancelled`, `closed`, `unauthorized`, `forbidden`, `unknown upload`, `gave up`).
 */
/**
 * What the viewer and board clients share: events, named timers, reconnecting with backoff, and the ping/pong
 * heartbeat over one socket at a time, opened with a token (or a function giving one) and the first-message or URL
 * authentication. A subclass sets `options`, `WebSocketImpl`, `random`, `timers` and `connections`, and has
 * `socketUrl(token)` (token: undefined unless it goes in the URL), `onMessage(message)` (each frame that parses as a
 * message with a `type`; any frame counts as a pong), `onClose(socket, code, reason)`,
 * `end(reason)`, and `gaveUp(error)` where its users read a give-up.
 */
export class ReconnectingClient {
  constructor() {
    this.listeners = new Map();
    this.socket = null;
    this.attempt = 0;
    this.stopped = false;
    this.ended = false;
  }

  /**
   * Subscribes to an event; returns a function that unsubscribes.
   * @param {string} type
   * @param {(payload: any) => void} listener
   * @returns {() => void}
   */
  on(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(listener);
    return () => this.listeners.get(type)?.delete(listener);
  }

  /** The token, or what the token function gives (called per use: it may be refreshed). */
  token() {
    return typeof this.options.token === 'function' ? this.options.token() : this.options.token;
  }

  /** Opens the socket (the constructor does this unless autoConnect is false). */
  connect() {
    if (this.stopped || this.socket) return;
    this.clearTimer('reconnect');
    Promise.resolve(this.token()).then(
      (value) => this.open(value),
      (e) => this.scheduleReconnect({ code: 0, reason: `token: ${e?.message ?? e}` }),
    );
  }

  open(token) {
    if (this.stopped || this.socket) return;
    const url = this.socketUrl(this.options.tokenInUrl ? token : undefined);
    let socket;
    try {
      socket = new this.WebSocketImpl(url);
    } catch (e) {
      this.scheduleReconnect({ code: 0, reason: String(e?.message ?? e) });
      return;
    }
    this.socket = socket;
    this.connections++;
    socket.onopen = () => {
      if (!this.options.tokenInUrl) socket.send(JSON.stringify({ type: 'authenticate', token }));
      this.emit('open', { connection: this.connections });
      this.clearTimer('healthy');
      this.timers.healthy = setTimeout(() => {
        this.attempt = 0;
      }, this.options.healthyAfter);
      this.startHeartbeat(socket);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {
      // A close event follows every error; reconnecting happens there.
    };
    socket.onclose = (event) => this.onClose(socket, event.code, event.reason);
  }

  /** A socket closed: forgets it and its timers; false when it is not the current one (already replaced). */
  dropSocket(socket) {
    if (socket !== this.socket) return false;
    this.socket = null;
    detachSocket(socket);
    this.clearTimer('healthy');
    this.clearTimer('ping');
    this.clearTimer('pong');
    return true;
  }

  /** Any frame proves the connection alive; one that is not a message with a `type` is ignored. */
  receive(data) {
    this.clearTimer('pong');
    let message;
    try {
      message = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
    } catch {
      return;
    }
    if (message && typeof message.type === 'string') this.onMessage(message);
  }

  scheduleReconnect({ code, reason, later = false }) {
    this.socket = null;
    if (this.stopped) return;
    if (this.attempt >= this.options.maxAttempts) {
      this.stopped = true;
      this.emit('close', { code, reason, willReconnect: false, delay: null });
      this.gaveUp({ message: 'gave up reconnecting', details: reason || null, code });
      this.end('gave up');
      return;
    }
    // A policy close would repeat at once: only the longest delay gives it a chance to clear.
    const delay = later ? this.options.maxDelay : backoffDelay(this.attempt, this.options, this.random);
    this.attempt++;
    this.emit('close', { code, reason, willReconnect: true, delay });
    this.emit('reconnecting', { attempt: this.attempt, delay });
    this.timers.reconnect = setTimeout(() => this.connect(), delay);
  }

  startHeartbeat(socket) {
    const { pingInterval, pongTimeout } = this.options;
    if (!pingInterval) return;
    this.clearTimer('ping');
    this.timers.ping = setInterval(() => {
      if (socket !== this.socket || socket.readyState !== 1) return;
      socket.send(JSON.stringify({ type: 'ping', timestamp: Date.now() }));
      if (!this.timers.pong) {
        this.timers.pong = setTimeout(() => {
          this.timers.pong = null;
          // Silent connection: drop it and reconnect (the close event arrives late or never on a dead link).
          if (socket === this.socket) {
            socket.close(HEARTBEAT_CLOSE_CODE, 'pong timeout');
            this.onClose(socket, HEARTBEAT_CLOSE_CODE, 'pong timeout');
          }
        }, pongTimeout);
      }
    }, pingInterval);
  }

  clearTimer(name) {
    const timer = this.timers[name];
    if (timer) {
      clearTimeout(timer);
      clearInterval(timer);
      this.timers[name] = null;
    }
  }

  emit(type, payload) {
    const listeners = this.listeners.get(type);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(payload);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}

/** Unhooks a socket's handlers: an abandoned socket tells nobody anything. */
export function detachSocket(socket) {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onerror = null;
  socket.onclose = null;
}

export class UploadProgressClient extends ReconnectingClient {
  /**
   * @param {object} options
   * @param {string} options.uploadId
   * @param {string|(() => string|Promise<string>)} options.token JWT, or a function returning one (called per connect)
   * @param {string} [options.baseUrl] gateway origin; the page's origin in a browser
   * @param {typeof WebSocket} [options.WebSocket] WebSocket implementation (globalThis.WebSocket by default; in
   *   Node 20 pass the `ws` package's WebSocket)
   * @param {boolean} [options.autoConnect] connect in the constructor (default true)
   * @param {() => number} [options.random] random source for the jitter
   * @param {number} [options.initialDelay] @param {number} [options.maxDelay] @param {number} [options.factor]
   * @param {number} [options.healthyAfter] @param {number} [options.maxAttempts] @param {number} [options.pingInterval]
   * @param {number} [options.pongTimeout] @param {boolean} [options.tokenInUrl] @param {boolean} [options.closeOnFinish]
   */
  constructor(options) {
    super();
    if (!options || !options.uploadId) throw new TypeError('uploadId is required');
    if (!options.token) throw new TypeError('token is required');
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.uploadId = String(options.uploadId);
    this.baseUrl = options.baseUrl ?? globalThis.location?.origin;
    if (!this.baseUrl) throw new TypeError('baseUrl is required outside a browser page');
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    if (!this.WebSocketImpl) {
      throw new TypeError('no WebSocket implementation: pass options.WebSocket (e.g. the ws package) in Node 20');
    }
    this.random = options.random ?? Math.random;
    /** @type {ProgressState} */
    this.state = initialState();
    this.guard = new SeqGuard();
    /** Connections opened so far (1 = the first). */
    this.connections = 0;
    this.timers = { reconnect: null, healthy: null, ping: null, pong: null };
    if (this.options.autoConnect !== false) this.connect();
  }

  /** @returns {ProgressState} a copy of the current state */
  getState() {
    return { ...this.state };
  }

  /** Stops for good: closes the socket and cancels any reconnect. */
  close() {
    this.shutDown('viewer closed', 'closed');
  }

  /**
   * The seq to resume after. A finished snapshot gives `status` and then `complete`/`error` with the same seq; if the
   * socket dropped between the two, resume one earlier so the gateway sends both again (the guard drops the status).
   */
  resumeSeq() {
    const { seq, status, results, error } = this.state;
    if (status === 'completed' && !results) return Math.max(0, seq - 1);
    if (status === 'failed' && !error) return Math.max(0, seq - 1);
    return seq;
  }

  onMessage(message) {
    if (!this.guard.accept(message)) return;
    this.emit('message', message);
    if (message.type === 'authenticated') {
      this.update({ connected: true });
    } else if (message.type === 'error' && typeof message.seq !== 'number') {
      // A protocol or auth problem; a close code usually follows.
      this.lastProtocolError = { message: message.message, details: message.details ?? null };
    } else {
      const next = applyMessage(this.state, message);
      if (next !== this.state) {
        this.state = next;
        this.emit('state', this.getState());
      }
    }
    if (message.type !== 'message') this.emit(message.type, message);
    if (this.options.closeOnFinish && FINISHED.has(this.state.status) && isFinalMessage(message)) {
      this.finish(this.state.status);
    }
  }

  update(patch) {
    const changed = Object.keys(patch).some((k) => this.state[k] !== patch[k]);
    if (!changed) return;
    this.state = { ...this.state, ...patch };
    this.emit('state', this.getState());
  }

  socketUrl(token) {
    return webSocketUrl(this.baseUrl, this.uploadId, { lastSeq: this.resumeSeq(), token });
  }

  /** A give-up is the state's error, as every other terminal refusal. */
  gaveUp(error) {
    this.update({ error });
  }

  finish(reason) {
    this.shutDown('upload finished', reason);
  }

  /** Stops for good: timers cancelled, the socket closed normally with {@link closeReason}, then the end event. */
  shutDown(closeReason, endReason) {
    this.stopped = true;
    for (const name of Object.keys(this.timers)) this.clearTimer(name);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      detachSocket(socket);
      // Closing a socket that is still connecting makes Node's ws emit an error, which would crash a process that
      // no longer listens to it; the socket is abandoned, so its error is of no interest.
      socket.onerror = () => {};
      if (socket.readyState <= 1) socket.close(1000, closeReason);
    }
    this.update({ connected: false });
    this.end(endReason);
  }

  onClose(socket, code, reason) {
    if (!this.dropSocket(socket)) return;
    this.update({ connected: false });
    if (this.stopped) return;
    const action = closeAction(code);
    if (action === 'stop') {
      this.stopped = true;
      if (code === 1000 && FINISHED.has(this.state.status)) {
        // The gateway's normal close after the end (the only one a cancelled upload gets): not an error.
        this.emit('close', { code, reason, willReconnect: false, delay: null });
        this.end(this.state.status);
        return;
      }
      const ending = TERMINAL_CLOSE_CODES[code] ?? 'closed';
      const error = {
        message: this.lastProtocolError?.message ?? ending,
        details: this.lastProtocolError?.details ?? reason ?? null,
        code,
      };
      this.emit('close', { code, reason, willReconnect: false, delay: null });
      this.update({ error });
      this.end(ending);
      return;
    }
    this.scheduleReconnect({ code, reason, later: action === 'later' });
  }

  end(reason) {
    if (this.ended) return;
    this.ended = true;
    this.emit('end', { reason, state: this.getState() });
  }

}


/**
 * Convenience: follow an upload and resolve with the final state once it completed, failed or was cancelled (rejects
 * on a terminal refusal such as 4001/4003/4004).
 * @param {ConstructorParameters<typeof UploadProgressClient>[0]} options
 * @returns {Promise<ProgressState>}
 */
export function watchUpload(options) {
  return new Promise((resolve, reject) => {
    const client = new UploadProgressClient({ ...options, autoConnect: false });
    client.on('end', ({ state }) => {
      if (FINISHED.has(state.status)) resolve(state);
      else reject(Object.assign(new Error(state.error?.message ?? 'stopped'), { state }));
    });
    client.connect();
  });
}
