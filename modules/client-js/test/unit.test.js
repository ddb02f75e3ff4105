// Backoff, healthy-period reset, close-code handling and heartbeats, with a scripted in-memory WebSocket
// (the rest of the suite uses the real gateway).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { WebSocketServer } from 'ws';
import React from 'react';
import TestRenderer, { act } from 'react-test-renderer';
import http from 'node:http';
import {
  UploadProgressClient, apiUrl, backoffDelay, cancelUpload, closeAction, initialState, isFinished, watchUpload,
  webSocketUrl,
} from '../src/index.js';
import { useUploadProgress } from '../src/react.js';
import { assertValidServerMessage, serverMessageTypes } from './support/schemas.js';
import { ValidatingWebSocket, assertServerMessagesValid } from './support/server-messages.js';
import { FakeSocket } from './support/fake-socket.js';
import { moduleDir, repoRoot, waitFor } from './support/stack.js';

function client(options = {}) {
  FakeSocket.instances = [];
  return new UploadProgressClient({
    uploadId: 'u-1',
    token: 't0ken',
    baseUrl: 'https://gateway.example/base/',
    WebSocket: FakeSocket,
    initialDelay: 10,
    maxDelay: 40,
    pingInterval: 0,
    ...options,
  });
}

test('backoff grows exponentially, stays within jitter bounds and is capped', () => {
  const options = { initialDelay: 100, maxDelay: 1000, factor: 2 };
  assert.equal(backoffDelay(0, options, () => 0), 50);
  assert.equal(backoffDelay(0, options, () => 1), 100);
  assert.equal(backoffDelay(3, options, () => 1), 800);
  assert.equal(backoffDelay(10, options, () => 1), 1000);
  assert.equal(backoffDelay(10, options, () => 0), 500);
  for (let i = 0; i < 100; i++) {
    const delay = backoffDelay(i % 8, options);
    assert.ok(delay >= 50 && delay <= 1000);
  }
});

test('URLs: ws(s) scheme, path prefix kept, lastSeq only when > 0, token only when given', () => {
  assert.equal(webSocketUrl('https://h.example/base/', 'a b'), 'wss://h.example/base/ws/processing/a%20b/');
  assert.equal(webSocketUrl('http://h:8080', 'x', { lastSeq: 7 }), 'ws://h:8080/ws/processing/x/?lastSeq=7');
  assert.equal(webSocketUrl('http://h:8080', 'x', { lastSeq: 0, token: 'k' }), 'ws://h:8080/ws/processing/x/?token=k');
});

test('reconnect attempts back off, then reset after a healthy period', async () => {
  const c = client({ random: () => 1, healthyAfter: 30 });
  const delays = [];
  c.on('reconnecting', ({ delay }) => delays.push(delay));
  await waitFor('socket 1', () => FakeSocket.instances.length === 1);
  FakeSocket.instances[0].serverClose(1006);
  await waitFor('socket 2', () => FakeSocket.instances.length === 2);
  FakeSocket.instances[1].serverClose(1006);
  await waitFor('socket 3', () => FakeSocket.instances.length === 3);
  FakeSocket.instances[2].serverClose(1011);
  await waitFor('socket 4', () => FakeSocket.instances.length === 4);
  assert.deepEqual(delays, [10, 20, 40]);
  // Healthy for longer than healthyAfter: the next drop starts from the initial delay again.
  FakeSocket.instances[3].accept();
  await waitFor('the backoff reset by the healthy timer', () => c.attempt === 0, { intervalMs: 5 });
  FakeSocket.instances[3].serverClose(1001, 'pong timeout');
  await waitFor('socket 5', () => FakeSocket.instances.length === 5);
  assert.deepEqual(delays, [10, 20, 40, 10]);
  c.close();
});

// The contract's close-code table (README "The contract", CloseCode in progress-protocol), row by row.
const CLOSE_CODE_TABLE = [
  [1000, 'stop'], [1001, 'resume'], [1003, 'stop'], [1006, 'resume'], [1008, 'resume'], [1012, 'resume'],
  [4001, 'stop'], [4003, 'stop'], [4004, 'stop'], [4008, 'later'],
];

test('every close code of the contract is handled as its table says', async () => {
  for (const [code, action] of CLOSE_CODE_TABLE) {
    assert.equal(closeAction(code), action, `close code ${code}`);
    const c = client();
    const ends = [];
    const closes = [];
    c.on('end', (e) => ends.push(e));
    c.on('close', (e) => closes.push(e));
    await waitFor('socket', () => FakeSocket.instances.length === 1);
    const socket = FakeSocket.instances[0];
    socket.accept();
    assert.deepEqual(socket.sent[0], { type: 'authenticate', token: 't0ken' });
    socket.deliver({ type: 'error', upload_id: 'u-1', message: 'Refused', details: `code ${code}` });
    socket.serverClose(code);
    if (action === 'stop') {
      await waitFor('end', () => ends.length === 1);
      assert.equal(closes[0].willReconnect, false, `close code ${code}`);
      assert.equal(c.getState().error.code, code);
      assert.equal(FakeSocket.instances.length, 1);
    } else {
      await waitFor('a reconnect', () => FakeSocket.instances.length === 2);
      assert.equal(ends.length, 0, `close code ${code}`);
      // 'later' waits the longest delay (maxDelay 40 ms here); 'resume' backs off from initialDelay (10 ms).
      if (action === 'later') assert.equal(closes[0].delay, 40);
      else assert.ok(closes[0].delay <= 10, `close code ${code}: delay ${closes[0].delay}`);
      c.close();
    }
  }
});

test('4004 ends with the reason of the error message before it', async () => {
  const c = client();
  const ends = [];
  c.on('end', (e) => ends.push(e));
  await waitFor('socket', () => FakeSocket.instances.length === 1);
  const socket = FakeSocket.instances[0];
  socket.accept();
  socket.deliver({ type: 'error', upload_id: 'u-1', message: 'Upload not found', details: 'no upload u-1' });
  socket.serverClose(4004);
  await waitFor('end', () => ends.length === 1);
  assert.equal(ends[0].reason, 'unknown upload');
  assert.deepEqual(c.getState().error, { message: 'Upload not found', details: 'no upload u-1', code: 4004 });
});

test('resume: lastSeq in the URL; replayed seqs are dropped; a terminal status without its complete resumes one earlier', async () => {
  const c = client();
  const delivered = [];
  c.on('message', (m) => delivered.push(`${m.seq}/${m.type}`));
  await waitFor('socket', () => FakeSocket.instances.length === 1);
  const first = FakeSocket.instances[0];
  first.accept();
  first.deliver({ type: 'status', seq: 3, status: 'processing', progress: 10, rows_processed: 5, total_rows: null });
  first.deliver({ type: 'progress', seq: 4, percent: 40, current: 50, total: null });
  first.deliver({ type: 'status', seq: 9, status: 'completed', progress: 100, rows_processed: 90, total_rows: 90 });
  first.serverClose(1006);
  await waitFor('socket 2', () => FakeSocket.instances.length === 2);
  const second = FakeSocket.instances[1];
  assert.equal(new URL(second.url).searchParams.get('lastSeq'), '8', 'complete of seq 9 not seen yet');
  second.accept();
  second.deliver({ type: 'progress', seq: 4, percent: 30, current: 40, total: null });
  second.deliver({ type: 'status', seq: 9, status: 'completed', progress: 100, rows_processed: 90, total_rows: 90 });
  second.deliver({ type: 'complete', seq: 9, results: { processed_rows: 90 } });
  await waitFor('end', () => c.getState().results);
  assert.deepEqual(delivered, ['3/status', '4/progress', '9/status', '9/complete']);
  assert.equal(c.getState().percent, 100);
  assert.equal(c.getState().rowsProcessed, 90);
});

test('heartbeat: a silent connection is dropped after pongTimeout and reopened', async () => {
  const c = client({ pingInterval: 20, pongTimeout: 30 });
  await waitFor('socket', () => FakeSocket.instances.length === 1);
  FakeSocket.instances[0].accept();
  await waitFor('a ping', () => FakeSocket.instances[0].sent.some((m) => m.type === 'ping'));
  await waitFor('a new socket after the pong timeout', () => FakeSocket.instances.length === 2, { timeoutMs: 5000 });
  assert.equal(FakeSocket.instances[0].readyState, 3);
  c.close();
});

/** The gateway's stall notice for snapshot `seq`: its state again, `stalled: true`, the message saying since when. */
function stall(seq, fields = {}) {
  return {
    type: 'status', upload_id: 'u-1', seq, status: 'processing', progress: 40, rows_processed: 400, total_rows: 1000,
    rows_per_second: 0, eta_seconds: null, stalled: true, trace_id: null,
    message: 'No progress since 2026-12-01T10:00:00Z: processing may have stopped', ...fields,
  };
}

/** A client with an accepted FakeSocket, and every `status` it delivers. */
async function acceptedClient() {
  const c = client();
  const statuses = [];
  c.on('status', (m) => statuses.push(m));
  await waitFor('socket', () => FakeSocket.instances.length === 1);
  const socket = FakeSocket.instances[0];
  socket.accept();
  return { c, socket, statuses };
}

test("state: the processor's pace and estimate from status and progress, not computed here", async () => {
  assert.deepEqual(
    [initialState().rowsPerSecond, initialState().etaSeconds, initialState().stalled], [0, null, false]);
  const { c, socket } = await acceptedClient();
  socket.deliver({
    type: 'status', upload_id: 'u-1', seq: 2, status: 'processing', message: 'Processing rows', progress: 10,
    rows_processed: 100, total_rows: null, rows_per_second: 0, eta_seconds: null, stalled: false,
  });
  assert.deepEqual(pick(c.getState()), { rowsPerSecond: 0, etaSeconds: null, stalled: false });
  socket.deliver({
    type: 'progress', upload_id: 'u-1', seq: 3, percent: 40, message: null, current: 4000, total: 10000,
    rows_per_second: 2500.5, eta_seconds: 3,
  });
  assert.deepEqual(pick(c.getState()), { rowsPerSecond: 2500.5, etaSeconds: 3, stalled: false });
  // Taken as sent: a slower pace and an estimate that becomes unknown again are shown as such.
  socket.deliver({
    type: 'progress', upload_id: 'u-1', seq: 4, percent: 45, message: null, current: 4500, total: 10000,
    rows_per_second: 900, eta_seconds: null,
  });
  assert.deepEqual(pick(c.getState()), { rowsPerSecond: 900, etaSeconds: null, stalled: false });
  socket.deliver({
    type: 'status', upload_id: 'u-1', seq: 5, status: 'completed', message: 'Processing complete', progress: 100,
    rows_processed: 10000, total_rows: 10000, rows_per_second: 3000, eta_seconds: 0, stalled: false,
  });
  assert.deepEqual(pick(c.getState()), { rowsPerSecond: 3000, etaSeconds: 0, stalled: false });
  c.close();
});

test('state: a status from an older gateway (no pace, no estimate, no stalled) keeps the figures and is not stalled', async () => {
  const { c, socket } = await acceptedClient();
  socket.deliver({
    type: 'progress', upload_id: 'u-1', seq: 3, percent: 40, message: null, current: 4000, total: 10000,
    rows_per_second: 2000, eta_seconds: 3,
  });
  socket.deliver(stall(3));
  assert.equal(c.getState().stalled, true);
  socket.deliver({ type: 'status', upload_id: 'u-1', seq: 4, status: 'processing', progress: 50, rows_processed: 5000, total_rows: 10000 });
  assert.deepEqual(pick(c.getState()), { rowsPerSecond: 0, etaSeconds: null, stalled: false },
    'the stall notice carried pace 0 and no estimate; the old-style status changes neither');
  c.close();
});

test('stall: a stalled status with the last seq passes the resume guard once, and the next snapshot clears it', async () => {
  const { c, socket, statuses } = await acceptedClient();
  const delivered = [];
  c.on('message', (m) => delivered.push(`${m.seq}/${m.type}${m.stalled ? '/stalled' : ''}`));
  socket.deliver({
    type: 'status', upload_id: 'u-1', seq: 3, status: 'processing', message: 'Processing rows', progress: 40,
    rows_processed: 400, total_rows: 1000, rows_per_second: 100, eta_seconds: 6, stalled: false,
  });
  socket.deliver(stall(3));
  socket.deliver(stall(3));
  // The plain status of seq 3 again is still a repeat.
  socket.deliver({ ...stall(3), stalled: false });
  assert.deepEqual(delivered, ['3/status', '3/status/stalled']);
  assert.equal(c.getState().stalled, true);
  assert.equal(c.getState().message, 'No progress since 2026-12-01T10:00:00Z: processing may have stopped');
  assert.equal(c.getState().seq, 3);
  assert.equal(c.resumeSeq(), 3, 'the stall does not move the resume point');
  assert.equal(c.getState().percent, 40);
  assert.equal(statuses.at(-1).stalled, true, 'the status event carries the stall too');

  socket.deliver({
    type: 'status', upload_id: 'u-1', seq: 4, status: 'processing', message: 'Processing rows', progress: 50,
    rows_processed: 500, total_rows: 1000, rows_per_second: 80, eta_seconds: 7, stalled: false,
  });
  assert.deepEqual(pick(c.getState()), { rowsPerSecond: 80, etaSeconds: 7, stalled: false });
  assert.equal(c.getState().message, 'Processing rows');
  // A stall notice of an older seq is dropped like any replay; one of the new seq passes.
  socket.deliver(stall(3));
  socket.deliver(stall(4));
  assert.deepEqual(delivered, ['3/status', '3/status/stalled', '4/status', '4/status/stalled']);
  c.close();
});

test('stall: after a progress message of the same seq, and after a reconnect that resumes from that seq', async () => {
  const { c, socket } = await acceptedClient();
  const delivered = [];
  c.on('message', (m) => delivered.push(`${m.seq}/${m.type}${m.stalled ? '/stalled' : ''}`));
  socket.deliver({
    type: 'progress', upload_id: 'u-1', seq: 5, percent: 40, message: null, current: 400, total: 1000,
    rows_per_second: 100, eta_seconds: 6,
  });
  socket.deliver(stall(5));
  assert.equal(c.getState().stalled, true);
  socket.serverClose(1006);
  await waitFor('socket 2', () => FakeSocket.instances.length === 2);
  const second = FakeSocket.instances[1];
  assert.equal(new URL(second.url).searchParams.get('lastSeq'), '5');
  second.accept();
  // The same notice again on the new connection: already seen at this seq.
  second.deliver(stall(5));
  assert.deepEqual(delivered, ['5/progress', '5/status/stalled']);
  assert.equal(c.getState().stalled, true);
  second.deliver({
    type: 'complete', upload_id: 'u-1', seq: 6, message: 'Processing complete', results: { processed_rows: 1000 },
  });
  // complete: the estimate is 0 and nothing is stalled any more (the pace stays the last one sent, the notice's).
  assert.deepEqual(pick(c.getState()), { rowsPerSecond: 0, etaSeconds: 0, stalled: false });
  assert.equal(c.getState().status, 'completed');
});

test('useUploadProgress returns the pace, the estimate and the stall', async () => {
  const previous = globalThis.IS_REACT_ACT_ENVIRONMENT;
  globalThis.IS_REACT_ACT_ENVIRONMENT = false;
  FakeSocket.instances = [];
  const renders = [];
  function Probe() {
    renders.push(useUploadProgress('u-1', 't0ken', { baseUrl: 'http://gateway.example', WebSocket: FakeSocket, pingInterval: 0 }));
    return null;
  }
  let renderer;
  act(() => {
    renderer = TestRenderer.create(React.createElement(Probe));
  });
  try {
    assert.deepEqual(pick(renders.at(-1)), { rowsPerSecond: 0, etaSeconds: null, stalled: false });
    await waitFor('socket', () => FakeSocket.instances.length === 1, { intervalMs: 5 });
    const socket = FakeSocket.instances[0];
    socket.accept();
    socket.deliver({
      type: 'progress', upload_id: 'u-1', seq: 5, percent: 40, message: null, current: 400, total: 1000,
      rows_per_second: 100, eta_seconds: 6,
    });
    await waitFor('the pace rendered', () => renders.at(-1).rowsPerSecond === 100, { intervalMs: 5 });
    assert.deepEqual(pick(renders.at(-1)), { rowsPerSecond: 100, etaSeconds: 6, stalled: false });
    socket.deliver(stall(5));
    await waitFor('the stall rendered', () => renders.at(-1).stalled, { intervalMs: 5 });
    assert.match(renders.at(-1).message, /^No progress since 2026-12-01T10:00:00Z/);
  } finally {
    act(() => renderer.unmount());
    globalThis.IS_REACT_ACT_ENVIRONMENT = previous;
  }
});

function pick({ rowsPerSecond, etaSeconds, stalled }) {
  return { rowsPerSecond, etaSeconds, stalled };
}

test("the gateway's demo page serves this very client (the gateway build packs src/index.js and src/board.js)", () => {
  for (const file of ['index.js', 'board.js']) {
    const source = readFileSync(path.join(moduleDir, 'src', file), 'utf8');
    const packed = readFileSync(
      path.join(repoRoot, 'gateway-service', 'target', 'classes', 'demo', 'client', file), 'utf8');
    assert.ok(source === packed, `the gateway packed another ${file} than src/${file}: rebuild gateway-service`);
  }
});

// One realistic message of each server → client type, shaped as progress-protocol's ServerMessage records serialize.
const GOOD_MESSAGES = {
  authenticated: { type: 'authenticated', upload_id: 'u-1', message: 'Authenticated' },
  status: {
    type: 'status', upload_id: 'u-1', seq: 3, status: 'processing', message: 'Processing rows', progress: 42.5,
    rows_processed: 8500, total_rows: 20000, rows_per_second: 4120.5, eta_seconds: 3, stalled: false,
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  },
  progress: {
    type: 'progress', upload_id: 'u-1', seq: 4, percent: 50, message: null, current: 10000, total: null,
    rows_per_second: 4000, eta_seconds: null, trace_id: null,
  },
  error: { type: 'error', upload_id: 'u-1', seq: 7, message: 'Processing failed', details: 'column cantidad not found' },
  complete: {
    type: 'complete', upload_id: 'u-1', seq: 9, message: 'Processing complete', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    results: {
      upload_id: 'u-1', processed_rows: 20000, updated_rows: 19980, valid_rows: 19980, invalid_rows: 20,
      data_quality_score: 99.9,
      aggregation_counts: { raw_transactions: 19980, daily_aggregations: 28, monthly_aggregations: 1, product_aggregations: 50 },
      row_errors: [
        { line: 1001, column: 'cantidad', message: 'not a number: abc' },
        { line: 2001, column: null, message: 'wrong number of columns' },
      ],
    },
  },
  pong: { type: 'pong', upload_id: 'u-1', timestamp: 1764580000000 },
  uploads: {
    type: 'uploads',
    uploads: [
      {
        upload_id: 'u-2', seq: 41, status: 'processing', message: 'Processing rows...', progress: 42, rows_processed: 8400,
        total_rows: null, rows_per_second: 6120, eta_seconds: 2, stalled: false, file_name: 'sales.csv',
        started_at: '2026-12-01T10:00:00Z', updated_at: '2026-12-01T10:00:03Z',
      },
      {
        upload_id: 'u-1', seq: 12, status: 'cancelled', message: 'Cancelled by user-42', progress: 10,
        rows_processed: 2000, total_rows: null, rows_per_second: 0, eta_seconds: null, stalled: false, file_name: null,
        started_at: '2026-12-01T09:00:00Z', updated_at: '2026-12-01T09:00:02Z',
      },
    ],
  },
};

test('contract schemas: a realistic message of every server message type is accepted', () => {
  assert.deepEqual(Object.keys(GOOD_MESSAGES).sort(), serverMessageTypes, 'one good message per type of the contract');
  for (const message of Object.values(GOOD_MESSAGES)) assertValidServerMessage(message);
  // The gateway's stall notice is a status like any other.
  assertValidServerMessage(stall(3));
  // An auth or protocol error has no seq.
  assertValidServerMessage({ type: 'error', upload_id: 'u-1', message: 'Forbidden', details: null });
  // The tenant board: authenticated names no upload, and a status may say cancelled.
  assertValidServerMessage({ type: 'authenticated', upload_id: null, message: 'Authenticated' });
  assertValidServerMessage({ ...GOOD_MESSAGES.status, status: 'cancelled', message: 'Cancelled by user-42' });
});

test('contract schemas: a bad message is rejected, naming its type, what is wrong and the message', () => {
  const { seq, ...withoutSeq } = GOOD_MESSAGES.status;
  assert.throws(() => assertValidServerMessage(withoutSeq), (e) =>
    e.message.includes('"status"') && e.message.includes("must have required property 'seq'") &&
    e.message.includes(JSON.stringify(withoutSeq)));
  assert.throws(() => assertValidServerMessage({ ...GOOD_MESSAGES.status, progress: '42.5' }), /\/progress must be number/);
  assert.throws(() => assertValidServerMessage({ ...GOOD_MESSAGES.status, status: 'done' }), /\/status must be equal to one of the allowed values/);
  const badRowError = structuredClone(GOOD_MESSAGES.complete);
  badRowError.results.row_errors[0].line = 0;
  assert.throws(() => assertValidServerMessage(badRowError), /"complete".*\/results\/row_errors\/0\/line must be >= 1/);
  assert.throws(() => assertValidServerMessage({ type: 'hello', upload_id: 'u-1' }), /unknown type "hello"/);
  assert.throws(() => assertValidServerMessage({ upload_id: 'u-1' }), /unknown type undefined/);
});

test('ValidatingWebSocket: bad frames fail assertServerMessagesValid, and the client still gets every frame', async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    socket.send(JSON.stringify(GOOD_MESSAGES.status));
    socket.send(JSON.stringify({ ...GOOD_MESSAGES.progress, current: -1 }));
    socket.send('not json');
  });
  const socket = new ValidatingWebSocket(`ws://127.0.0.1:${server.address().port}/`);
  const received = [];
  socket.onmessage = (event) => received.push(String(event.data));
  try {
    await waitFor('three frames', () => received.length === 3);
    assert.throws(assertServerMessagesValid, (e) =>
      e.message.startsWith('2 server message(s) broke the contract') && e.message.includes('/current must be >= 0') &&
      e.message.includes('not JSON'));
    // The failures were taken: the next test starts clean.
    assert.doesNotThrow(assertServerMessagesValid);
  } finally {
    socket.close();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** The `status` that ends a cancelled upload: its last state, nothing after it but the gateway's close 1000. */
function cancelled(seq, fields = {}) {
  return {
    type: 'status', upload_id: 'u-1', seq, status: 'cancelled', message: 'Cancelled by user-42', progress: 40,
    rows_processed: 400, total_rows: null, rows_per_second: 0, eta_seconds: null, stalled: false, trace_id: null, ...fields,
  };
}

test('cancelled: a finished status; the client closes itself (closeOnFinish) and ends "cancelled"', async () => {
  assert.deepEqual(['completed', 'failed', 'cancelled', 'processing', null].map(isFinished), [true, true, true, false, false]);
  const { c, socket } = await acceptedClient();
  const ends = [];
  c.on('end', (e) => ends.push(e));
  socket.deliver({
    type: 'progress', upload_id: 'u-1', seq: 3, percent: 40, message: null, current: 400, total: null,
    rows_per_second: 100, eta_seconds: 6,
  });
  socket.deliver(cancelled(4));
  assert.equal(ends.length, 1);
  assert.equal(ends[0].reason, 'cancelled');
  assert.equal(c.getState().status, 'cancelled');
  assert.equal(c.getState().message, 'Cancelled by user-42');
  assert.equal(c.getState().error, null, 'a cancel is not an error');
  assert.equal(c.getState().results, null);
  assert.deepEqual(socket.closedWith, { code: 1000, reason: 'upload finished' });
  assert.equal(c.resumeSeq(), 4, 'nothing follows a cancelled status: no resume one earlier');
});

test('cancelled: without closeOnFinish the 1000 close ends "cancelled", not an error, and nothing moves it back', async () => {
  const c = client({ closeOnFinish: false });
  const ends = [];
  c.on('end', (e) => ends.push(e));
  await waitFor('socket', () => FakeSocket.instances.length === 1);
  const socket = FakeSocket.instances[0];
  socket.accept();
  socket.deliver(cancelled(4));
  // Ranked with completed and failed: a late status or progress of an older or newer seq changes no status.
  socket.deliver({ ...cancelled(5), status: 'processing', progress: 50 });
  assert.equal(c.getState().status, 'cancelled');
  assert.equal(ends.length, 0, 'still open until the gateway closes');
  socket.serverClose(1000, 'upload finished');
  await waitFor('end', () => ends.length === 1);
  assert.equal(ends[0].reason, 'cancelled');
  assert.equal(c.getState().error, null);
  assert.equal(FakeSocket.instances.length, 1, 'no reconnect after 1000');
});

test('watchUpload resolves with a cancelled upload', async () => {
  FakeSocket.instances = [];
  const done = watchUpload({ uploadId: 'u-1', token: 't0ken', baseUrl: 'http://g.example', WebSocket: FakeSocket, pingInterval: 0 });
  await waitFor('socket', () => FakeSocket.instances.length === 1);
  FakeSocket.instances[0].accept();
  FakeSocket.instances[0].deliver(cancelled(7));
  const state = await done;
  assert.equal(state.status, 'cancelled');
  assert.equal(state.rowsProcessed, 400);
});

test('apiUrl: ws(s) bases become http(s), a path prefix is kept', () => {
  assert.equal(apiUrl('wss://h.example/base/', '/api/uploads/u-1'), 'https://h.example/base/api/uploads/u-1');
  assert.equal(apiUrl('http://h:8080', '/api/uploads?limit=5'), 'http://h:8080/api/uploads?limit=5');
});

/** A real HTTP server answering DELETE /api/uploads/{id} as the gateway does; records the requests. */
async function cancelServer() {
  const requests = [];
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method, url: request.url, authorization: request.headers.authorization });
    const id = decodeURIComponent(request.url.split('/').pop());
    const answer = (status, body) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== 'Bearer t0ken') answer(401, { error: 'unauthorized', message: 'bad token' });
    else if (id === 'done') {
      answer(409, { error: 'conflict', message: 'upload done has already finished (completed); there is nothing to cancel' });
    } else if (id === 'unknown') answer(404, { error: 'not_found', message: 'no upload unknown' });
    else answer(202, { uploadId: id, status: 'cancelling', websocket: `/ws/processing/${id}/` });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((r) => server.close(r)) };
}

test('cancelUpload: DELETE with the Bearer token; 202 ok, 409 with its message, 404 and 401 not ok', async () => {
  const server = await cancelServer();
  try {
    const accepted = await cancelUpload({ baseUrl: server.url, token: 't0ken', uploadId: 'u 1' });
    assert.deepEqual(accepted, {
      ok: true, status: 202, body: { uploadId: 'u 1', status: 'cancelling', websocket: '/ws/processing/u 1/' },
    });
    assert.deepEqual(server.requests[0], { method: 'DELETE', url: '/api/uploads/u%201', authorization: 'Bearer t0ken' });

    const late = await cancelUpload({ url: server.url, token: () => Promise.resolve('t0ken'), uploadId: 'done' });
    assert.equal(late.ok, false);
    assert.equal(late.status, 409);
    assert.equal(late.body.message, 'upload done has already finished (completed); there is nothing to cancel');
    assert.equal((await cancelUpload({ baseUrl: server.url, token: 't0ken', uploadId: 'unknown' })).status, 404);
    assert.equal((await cancelUpload({ baseUrl: server.url, token: 'other', uploadId: 'u-1' })).status, 401);
  } finally {
    await server.close();
  }
  await assert.rejects(cancelUpload({ baseUrl: server.url, token: 't0ken', uploadId: 'u-1' }), 'unreachable: rejects');
  await assert.rejects(cancelUpload({ token: 't0ken' }), /uploadId is required/);
});
