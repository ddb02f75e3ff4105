// The tenant board client (src/board.js): the list, live messages per upload with the seq rules, reconnect and the
// list as resume point, close codes, with the scripted in-memory WebSocket and once over a real `ws` server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocketServer } from 'ws';
import { BoardClient, boardUrl, watchBoard } from '../src/board.js';
import { FakeSocket } from './support/fake-socket.js';
import { assertValidServerMessage } from './support/schemas.js';
import { ValidatingWebSocket, assertServerMessagesValid } from './support/server-messages.js';
import { waitFor } from './support/stack.js';

/** One entry of the `uploads` list, as the gateway writes it. */
function entry(uploadId, seq, fields = {}) {
  return {
    upload_id: uploadId, seq, status: 'processing', message: 'Processing rows...', progress: 40, rows_processed: 4000,
    total_rows: null, rows_per_second: 2000, eta_seconds: 3, stalled: false, file_name: `${uploadId}.csv`,
    started_at: '2026-12-01T10:00:00Z', updated_at: '2026-12-01T10:00:02Z', trace_id: null, ...fields,
  };
}

function status(uploadId, seq, fields = {}) {
  return {
    type: 'status', upload_id: uploadId, seq, status: 'processing', message: 'Processing rows...', progress: 40,
    rows_processed: 4000, total_rows: null, rows_per_second: 2000, eta_seconds: 3, stalled: false,
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', ...fields,
  };
}

function progress(uploadId, seq, percent, current, fields = {}) {
  return {
    type: 'progress', upload_id: uploadId, seq, percent, message: 'Processing rows...', current, total: null,
    rows_per_second: 2500, eta_seconds: 2, trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', ...fields,
  };
}

const AUTHENTICATED = { type: 'authenticated', upload_id: null, message: 'Authenticated' };

/** A fetch that answers GET /api/uploads with `uploads()`, and records the requests. */
function fakeFetch(uploads) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, authorization: init?.headers?.Authorization });
    return { ok: true, status: 200, json: async () => ({ type: 'uploads', uploads: uploads() }) };
  };
  return { fetch, calls };
}

function board(options = {}) {
  FakeSocket.instances = [];
  return new BoardClient({
    token: 't0ken',
    baseUrl: 'https://gateway.example/base/',
    WebSocket: FakeSocket,
    initialDelay: 10,
    maxDelay: 40,
    pingInterval: 0,
    describeNew: false,
    ...options,
  });
}

/** A board whose first socket is open and has delivered `authenticated` and the list `uploads`. */
async function listedBoard(uploads, options) {
  const b = board(options);
  await waitFor('socket', () => FakeSocket.instances.length === 1);
  const socket = FakeSocket.instances[0];
  socket.accept();
  socket.deliver(AUTHENTICATED);
  socket.deliver({ type: 'uploads', uploads });
  return { b, socket };
}

const ids = (uploads) => uploads.map((u) => u.uploadId);

test('URL: ws(s) scheme, path prefix kept, /ws/uploads/, token only when asked', () => {
  assert.equal(boardUrl('https://h.example/base/'), 'wss://h.example/base/ws/uploads/');
  assert.equal(boardUrl('http://h:8080', { token: 'k' }), 'ws://h:8080/ws/uploads/?token=k');
});

test('authenticates by first message, then shows the list newest first with names, pace and estimate', async () => {
  const lists = [];
  const b = board();
  b.on('list', (uploads) => lists.push(uploads));
  await waitFor('socket', () => FakeSocket.instances.length === 1);
  const socket = FakeSocket.instances[0];
  assert.equal(socket.url, 'wss://gateway.example/base/ws/uploads/', 'no token in the URL');
  socket.accept();
  assert.deepEqual(socket.sent[0], { type: 'authenticate', token: 't0ken' });
  socket.deliver(AUTHENTICATED);
  assert.equal(b.connected, true);
  // The gateway orders by updated_at; the board shows the newest upload (by start) first.
  const list = [
    entry('u-old', 9, { status: 'completed', progress: 100, eta_seconds: 0, started_at: '2026-12-01T09:00:00Z',
      updated_at: '2026-12-01T10:00:05Z' }),
    entry('u-new', 3, { started_at: '2026-12-01T10:00:00Z', file_name: 'sales.csv' }),
    entry('u-stuck', 5, { stalled: true, message: 'No progress since 2026-12-01T09:59:00Z: the upload has stalled',
      started_at: '2026-12-01T09:30:00Z', file_name: null }),
  ];
  for (const e of list) assertValidServerMessage({ type: 'uploads', uploads: [e] });
  socket.deliver({ type: 'uploads', uploads: list });

  assert.equal(lists.length, 1);
  assert.deepEqual(ids(b.getUploads()), ['u-new', 'u-stuck', 'u-old']);
  const fresh = b.getUpload('u-new');
  assert.equal(fresh.fileName, 'sales.csv');
  assert.equal(fresh.status, 'processing');
  assert.equal(fresh.rowsPerSecond, 2000);
  assert.equal(fresh.etaSeconds, 3);
  assert.equal(fresh.seq, 3);
  assert.equal(fresh.startedAt, '2026-12-01T10:00:00Z');
  assert.equal(b.getUpload('u-stuck').stalled, true);
  assert.equal(b.getUpload('u-stuck').fileName, null);
  assert.equal(b.getUpload('u-old').percent, 100);
  b.close();
});

test('live messages apply per upload_id with the seq rules of the single-upload client', async () => {
  const { b, socket } = await listedBoard([entry('u-1', 3), entry('u-2', 7, { started_at: '2026-12-01T09:00:00Z' })]);
  const delivered = [];
  b.on('message', (m) => delivered.push(`${m.upload_id}/${m.seq}/${m.type}${m.stalled ? '/stalled' : ''}`));

  socket.deliver(progress('u-1', 4, 50, 5000));
  socket.deliver(progress('u-1', 2, 20, 2000)); // older than the list: ignored
  socket.deliver(status('u-1', 3)); // the list's own snapshot: already seen
  socket.deliver(progress('u-2', 8, 90, 9000));
  assert.equal(b.getUpload('u-1').percent, 50);
  assert.equal(b.getUpload('u-1').rowsProcessed, 5000);
  assert.equal(b.getUpload('u-1').rowsPerSecond, 2500, "the processor's pace as sent");
  assert.equal(b.getUpload('u-2').percent, 90, 'each upload has its own seq');

  // A stall notice at the current seq passes once and sets stalled; the next snapshot clears it.
  const stall = status('u-1', 4, { stalled: true, rows_per_second: 0, eta_seconds: null,
    message: 'No progress since 2026-12-01T10:00:00Z: the upload has stalled', progress: 50, rows_processed: 5000 });
  socket.deliver(stall);
  socket.deliver(stall);
  assert.equal(b.getUpload('u-1').stalled, true);
  assert.match(b.getUpload('u-1').message, /^No progress since/);
  socket.deliver(status('u-1', 5, { progress: 60, rows_processed: 6000, stalled: false }));
  assert.equal(b.getUpload('u-1').stalled, false);
  assert.equal(b.getUpload('u-1').message, 'Processing rows...');

  // completed: status then complete with the same seq, both pass; results kept.
  socket.deliver(status('u-2', 9, { status: 'completed', progress: 100, eta_seconds: 0 }));
  socket.deliver({ type: 'complete', upload_id: 'u-2', seq: 9, message: 'Processing complete', results: { processed_rows: 10 } });
  assert.equal(b.getUpload('u-2').status, 'completed');
  assert.deepEqual(b.getUpload('u-2').results, { processed_rows: 10 });
  // cancelled: a finished status; nothing moves it back.
  socket.deliver(status('u-1', 6, { status: 'cancelled', message: 'Cancelled by user-42', progress: 60 }));
  assert.equal(b.getUpload('u-1').message, 'Cancelled by user-42');
  assert.equal(b.getUpload('u-1').stalled, false);
  socket.deliver(status('u-1', 7, { status: 'processing', progress: 70, rows_processed: 7000 }));
  assert.equal(b.getUpload('u-1').status, 'cancelled');
  // A failure carries its error.
  socket.deliver({ type: 'error', upload_id: 'u-2', seq: 10, message: 'late failure', details: null });
  assert.equal(b.getUpload('u-2').status, 'completed', 'finished stays finished');

  assert.deepEqual(delivered, [
    'u-1/4/progress', 'u-2/8/progress', 'u-1/4/status/stalled', 'u-1/5/status', 'u-2/9/status', 'u-2/9/complete',
    'u-1/6/status', 'u-1/7/status', 'u-2/10/error',
  ]);
  assert.equal(FakeSocket.instances.length, 1, 'a finished upload does not close the board');
  b.close();
});

test('a new upload appears by its first status, on top, and GET /api/uploads names it', async () => {
  let listed = [entry('u-1', 3)];
  const http = fakeFetch(() => listed);
  const { b, socket } = await listedBoard(listed, { describeNew: true, fetch: http.fetch });
  const changes = [];
  b.on('uploads', (uploads) => changes.push(ids(uploads)));

  socket.deliver(status('u-2', 1, { status: 'pending', progress: 0, rows_processed: 0, rows_per_second: 0, eta_seconds: null,
    message: 'Queued' }));
  assert.deepEqual(changes[0], ['u-2', 'u-1'], 'shown at once, before it has a name');
  assert.equal(b.getUpload('u-2').status, 'pending');
  assert.equal(b.getUpload('u-2').fileName, null);

  listed = [entry('u-2', 1, { status: 'pending', file_name: 'second.csv', started_at: '2026-12-01T10:05:00Z' }), ...listed];
  await waitFor('the name from GET /api/uploads', () => b.getUpload('u-2').fileName === 'second.csv');
  assert.deepEqual(http.calls, [{ url: 'https://gateway.example/base/api/uploads?limit=100', authorization: 'Bearer t0ken' }]);
  assert.deepEqual(ids(b.getUploads()), ['u-2', 'u-1']);
  assert.equal(b.getUpload('u-2').startedAt, '2026-12-01T10:05:00Z');
  b.close();
});

test('a drop reconnects with backoff, without lastSeq, and the list read again is the resume point', async () => {
  const { b, socket } = await listedBoard([entry('u-1', 3), entry('u-2', 7)], { random: () => 1 });
  const delays = [];
  b.on('reconnecting', ({ delay }) => delays.push(delay));
  socket.deliver(progress('u-1', 4, 50, 5000));
  socket.serverClose(1006);
  assert.equal(b.connected, false);
  await waitFor('socket 2', () => FakeSocket.instances.length === 2);
  FakeSocket.instances[1].serverClose(1006);
  await waitFor('socket 3', () => FakeSocket.instances.length === 3);
  assert.deepEqual(delays, [10, 20]);
  const third = FakeSocket.instances[2];
  assert.equal(new URL(third.url).search, '', 'the board resumes from its list, not from a seq');
  third.accept();
  assert.deepEqual(third.sent[0], { type: 'authenticate', token: 't0ken' });
  third.deliver(AUTHENTICATED);
  // Meanwhile u-1 went on and was cancelled; u-2's entry is older than what the board has: kept.
  third.deliver({ type: 'uploads', uploads: [
    entry('u-1', 9, { status: 'cancelled', message: 'Cancelled by user-42', progress: 70, rows_processed: 7000 }),
    entry('u-2', 6, { progress: 10 }),
  ] });
  assert.equal(b.getUpload('u-1').status, 'cancelled');
  assert.equal(b.getUpload('u-1').seq, 9);
  assert.equal(b.getUpload('u-2').seq, 7);
  assert.equal(b.getUpload('u-2').percent, 40);
  // Resumed from the list: its snapshot is not taken twice, newer ones are.
  const delivered = [];
  b.on('message', (m) => delivered.push(`${m.upload_id}/${m.seq}/${m.type}`));
  third.deliver(status('u-1', 9, { status: 'cancelled', message: 'Cancelled by user-42' }));
  third.deliver(progress('u-2', 8, 80, 8000));
  assert.deepEqual(delivered, ['u-2/8/progress']);
  b.close();
});

test('close codes: 4001 stops with the error before it, 4008 waits the longest delay, close() stops', async () => {
  const ends = [];
  const { b, socket } = await listedBoard([]);
  b.on('end', (e) => ends.push(e));
  socket.deliver({ type: 'error', upload_id: null, message: 'Token expired', details: 'exp 2026-12-01T10:00:00Z' });
  socket.serverClose(4001);
  await waitFor('end', () => ends.length === 1);
  assert.equal(ends[0].reason, 'unauthorized');
  assert.deepEqual(b.error, { message: 'Token expired', details: 'exp 2026-12-01T10:00:00Z', code: 4001 });
  assert.equal(FakeSocket.instances.length, 1);

  const later = await listedBoard([]);
  const closes = [];
  later.b.on('close', (c) => closes.push(c));
  later.socket.serverClose(4008);
  await waitFor('a reconnect', () => FakeSocket.instances.length === 2);
  assert.equal(closes[0].delay, 40);
  later.b.close();
  assert.equal(FakeSocket.instances[1].readyState, 3);
});

test('heartbeat: a silent board connection is dropped after pongTimeout and reopened', async () => {
  const b = board({ pingInterval: 20, pongTimeout: 30 });
  await waitFor('socket', () => FakeSocket.instances.length === 1);
  FakeSocket.instances[0].accept();
  await waitFor('a ping', () => FakeSocket.instances[0].sent.some((m) => m.type === 'ping'));
  await waitFor('a new socket after the pong timeout', () => FakeSocket.instances.length === 2, { timeoutMs: 5000 });
  b.close();
});

test('watchBoard over a real ws server: callbacks for the list, each change and the connection', async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const received = [];
  server.on('connection', (socket, request) => {
    assert.equal(request.url, '/ws/uploads/');
    socket.on('message', (data) => {
      received.push(JSON.parse(String(data)));
      socket.send(JSON.stringify(AUTHENTICATED));
      socket.send(JSON.stringify({ type: 'uploads', uploads: [entry('u-1', 3)] }));
      socket.send(JSON.stringify(status('u-2', 1, { status: 'pending', progress: 0, rows_processed: 0 })));
      socket.send(JSON.stringify(status('u-1', 4, { status: 'cancelled', message: 'Cancelled by user-42' })));
    });
  });
  const snapshots = [];
  const connections = [];
  const board = watchBoard({
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    token: 't0ken',
    WebSocket: ValidatingWebSocket,
    describeNew: false,
    pingInterval: 0,
    onUploads: (uploads) => snapshots.push(uploads.map((u) => `${u.uploadId}:${u.status}`)),
    onConnection: (c) => connections.push(c.connected),
  });
  try {
    await waitFor('the cancel shown', () => snapshots.at(-1)?.includes('u-1:cancelled'));
    assert.deepEqual(received, [{ type: 'authenticate', token: 't0ken' }]);
    assert.deepEqual(snapshots, [['u-1:processing'], ['u-2:pending', 'u-1:processing'], ['u-2:pending', 'u-1:cancelled']]);
    assert.deepEqual(connections, [true]);
    assertServerMessagesValid();
  } finally {
    board.close();
    await new Promise((resolve) => server.close(resolve));
  }
});
