// Backoff, healthy-period reset, close-code handling and heartbeats, with a scripted in-memory WebSocket
// (the rest of the suite uses the real gateway).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { WebSocketServer } from 'ws';
import { UploadProgressClient, backoffDelay, closeAction, webSocketUrl } from '../src/index.js';
import { assertValidServerMessage, serverMessageTypes } from './support/schemas.js';
import { ValidatingWebSocket, assertServerMessagesValid } from './support/server-messages.js';
import { moduleDir, repoRoot, waitFor } from './support/stack.js';

class FakeSocket {
  static instances = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.instances.push(this);
  }
  send(data) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = '') {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }
  // Server side of the script:
  accept() {
    this.readyState = 1;
    this.onopen?.({});
  }
  deliver(message) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  serverClose(code, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

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
  [1000, 'stop'], [1001, 'resume'], [1006, 'resume'], [1008, 'resume'], [1012, 'resume'],
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

test("the gateway's demo page serves this very client (the gateway build packs src/index.js)", () => {
  const source = readFileSync(path.join(moduleDir, 'src', 'index.js'), 'utf8');
  const packed = readFileSync(
    path.join(repoRoot, 'gateway-service', 'target', 'classes', 'demo', 'client', 'index.js'), 'utf8');
  assert.ok(source === packed, 'the gateway packed another client than src/index.js: rebuild gateway-service');
});

// One realistic message of each server → client type, shaped as progress-protocol's ServerMessage records serialize.
const GOOD_MESSAGES = {
  authenticated: { type: 'authenticated', upload_id: 'u-1', message: 'Authenticated' },
  status: {
    type: 'status', upload_id: 'u-1', seq: 3, status: 'processing', message: 'Processing rows', progress: 42.5,
    rows_processed: 8500, total_rows: 20000,
  },
  progress: { type: 'progress', upload_id: 'u-1', seq: 4, percent: 50, message: null, current: 10000, total: null },
  error: { type: 'error', upload_id: 'u-1', seq: 7, message: 'Processing failed', details: 'column cantidad not found' },
  complete: {
    type: 'complete', upload_id: 'u-1', seq: 9, message: 'Processing complete',
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
};

test('contract schemas: a realistic message of every server message type is accepted', () => {
  assert.deepEqual(Object.keys(GOOD_MESSAGES).sort(), serverMessageTypes, 'one good message per type of the contract');
  for (const message of Object.values(GOOD_MESSAGES)) assertValidServerMessage(message);
  // An auth or protocol error has no seq.
  assertValidServerMessage({ type: 'error', upload_id: 'u-1', message: 'Forbidden', details: null });
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
