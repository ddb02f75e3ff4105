// The client against the REAL gateway of a local stack: full upload, drop + resume, terminal close codes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';
import { BoardClient } from '../src/board.js';
import { UploadProgressClient, cancelUpload, watchUpload } from '../src/index.js';
// ws's WebSocket that checks every server message against the contract's schemas (afterEach below fails on a bad one).
import { ValidatingWebSocket as WebSocket, assertServerMessagesValid } from './support/server-messages.js';
import { SAMPLE_MAPPING, generateCsv, sampleCsv, startProxy, startStack, upload, waitFor } from './support/stack.js';

const STATUS_RANK = { pending: 0, validating: 1, processing: 2, completed: 3, failed: 3, cancelled: 3 };

/** A WebSocket class that records, per connection, the URL, the frames sent and the frames received. */
function recordingWebSocket() {
  const connections = [];
  class Recording extends WebSocket {
    constructor(url, ...rest) {
      super(url, ...rest);
      const record = { url: String(url), sent: [], received: [] };
      connections.push(record);
      this.on('message', (data) => record.received.push(JSON.parse(data.toString())));
      const send = this.send.bind(this);
      this.send = (data, ...args) => {
        record.sent.push(JSON.parse(data));
        return send(data, ...args);
      };
    }
  }
  return { WebSocket: Recording, connections };
}

/** Every `state` the client emits, checked to never go backwards. */
function trackStates(client) {
  const states = [];
  client.on('state', (state) => {
    const previous = states.at(-1);
    if (previous) {
      assert.ok(state.percent >= previous.percent, `percent went back: ${previous.percent} -> ${state.percent}`);
      assert.ok(state.seq >= previous.seq, `seq went back: ${previous.seq} -> ${state.seq}`);
      if (previous.status && state.status) {
        assert.ok(STATUS_RANK[state.status] >= STATUS_RANK[previous.status], `status went back: ${previous.status} -> ${state.status}`);
      }
    }
    states.push(state);
  });
  return states;
}

function ended(client) {
  return new Promise((resolve) => client.on('end', resolve));
}

describe('UploadProgressClient against the real gateway', () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });
  afterEach(assertServerMessagesValid);

  test('follows a full upload to complete, authenticating by first message', async () => {
    const { uploadId } = await upload(stack.gatewayUrl, stack.token, readFileSync(sampleCsv));
    const recording = recordingWebSocket();
    const client = new UploadProgressClient({ uploadId, token: stack.token, baseUrl: stack.gatewayUrl, WebSocket: recording.WebSocket });
    const states = trackStates(client);
    const messages = [];
    client.on('message', (m) => messages.push(m));
    const end = await ended(client);

    assert.equal(end.reason, 'completed');
    const state = client.getState();
    assert.equal(state.status, 'completed');
    assert.equal(state.percent, 100);
    assert.equal(state.connected, false, 'closed after the upload finished');
    assert.equal(state.error, null);
    assert.equal(state.results.processed_rows, 20000);
    assert.equal(state.results.valid_rows + state.results.invalid_rows, 20000);
    assert.equal(typeof state.results.data_quality_score, 'number');
    assert.ok(state.results.aggregation_counts.daily_aggregations > 0);
    assert.deepEqual(messages.at(-1).type, 'complete');
    assert.ok(states.some((s) => s.connected), 'was connected while watching');

    assert.equal(recording.connections.length, 1);
    const [connection] = recording.connections;
    assert.ok(!connection.url.includes(stack.token) && !connection.url.includes('token='), 'no token in the URL');
    assert.deepEqual(connection.sent[0], { type: 'authenticate', token: stack.token });
    assert.equal(connection.received[0].type, 'authenticated');
  });

  test('a dropped connection is resumed with lastSeq: nothing twice, nothing backwards, final state reached', async () => {
    const proxy = await startProxy(Number(new URL(stack.gatewayUrl).port));
    try {
      const rows = 400000;
      const { uploadId } = await upload(stack.gatewayUrl, stack.token, generateCsv(rows));
      const recording = recordingWebSocket();
      const client = new UploadProgressClient({
        uploadId,
        token: stack.token,
        baseUrl: proxy.url,
        WebSocket: recording.WebSocket,
        initialDelay: 200,
        maxDelay: 1000,
      });
      const states = trackStates(client);
      const delivered = [];
      client.on('message', (m) => delivered.push(m));
      const reconnecting = [];
      client.on('reconnecting', (r) => reconnecting.push(r));
      const end = ended(client);

      // Drop every connection (no close frame) as soon as the first rows have been reported.
      await waitFor('first progress', () => client.getState().rowsProcessed > 0 && client.getState().status === 'processing', { timeoutMs: 60000, intervalMs: 5 });
      const seqBeforeDrop = client.getState().seq;
      assert.ok(proxy.dropAll() >= 1, 'a connection was dropped');
      const { reason } = await end;

      assert.equal(reason, 'completed');
      assert.ok(reconnecting.length >= 1, 'reconnected');
      assert.ok(recording.connections.length >= 2, 'opened a second connection');
      const resumed = recording.connections[1];
      const lastSeq = Number(new URL(resumed.url).searchParams.get('lastSeq'));
      assert.ok(lastSeq >= seqBeforeDrop && lastSeq > 0, `resumed with lastSeq=${lastSeq} (seen ${seqBeforeDrop})`);
      assert.deepEqual(resumed.sent[0].type, 'authenticate');
      // The gateway honoured lastSeq: the resumed connection got no state the viewer had already seen.
      for (const message of resumed.received.filter((m) => typeof m.seq === 'number')) {
        assert.ok(message.seq > lastSeq, `gateway resent seq ${message.seq} after lastSeq=${lastSeq}`);
      }
      // What the client delivered: every (seq, type) once, seqs never decreasing.
      const stateMessages = delivered.filter((m) => typeof m.seq === 'number');
      const keys = stateMessages.map((m) => `${m.seq}/${m.type}`);
      assert.equal(new Set(keys).size, keys.length, `duplicates in ${keys}`);
      for (let i = 1; i < stateMessages.length; i++) {
        assert.ok(stateMessages[i].seq >= stateMessages[i - 1].seq, `seq went back in ${keys}`);
      }
      const final = client.getState();
      assert.equal(final.status, 'completed');
      assert.equal(final.percent, 100);
      assert.equal(final.results.processed_rows, rows);
      assert.equal(final.results.invalid_rows, rows / 1000);
      assert.equal(states.at(-1).status, 'completed');
    } finally {
      await proxy.close();
    }
  });

  test('4003: a token for another tenant stops the client without reconnecting', async () => {
    const { uploadId } = await upload(stack.gatewayUrl, stack.token, readFileSync(sampleCsv));
    const otherTenant = stack.sign({ sub: 'intruder', tenant: 'other' });
    const recording = recordingWebSocket();
    const client = new UploadProgressClient({ uploadId, token: otherTenant, baseUrl: stack.gatewayUrl, WebSocket: recording.WebSocket, initialDelay: 50 });
    const reconnecting = [];
    client.on('reconnecting', (r) => reconnecting.push(r));
    const closes = [];
    client.on('close', (c) => closes.push(c));
    const end = await ended(client);

    assert.equal(end.reason, 'forbidden');
    assert.equal(client.getState().error.code, 4003);
    assert.ok(client.getState().error.message, 'the gateway stated a reason');
    assert.equal(client.getState().results, null);
    assert.deepEqual(closes.map((c) => [c.code, c.willReconnect]), [[4003, false]]);
    assert.equal(reconnecting.length, 0);
    assert.equal(recording.connections.length, 1);
  });

  test('4001: an invalid token stops the client without reconnecting; watchUpload rejects', async () => {
    const { uploadId } = await upload(stack.gatewayUrl, stack.token, readFileSync(sampleCsv));
    const recording = recordingWebSocket();
    const badToken = stack.token.slice(0, -4) + 'AAAA';
    await assert.rejects(
      watchUpload({ uploadId, token: badToken, baseUrl: stack.gatewayUrl, WebSocket: recording.WebSocket, initialDelay: 50 }),
      (e) => e.state.error.code === 4001 && e.state.status !== 'completed',
    );
    assert.equal(recording.connections.length, 1, 'no reconnect after 4001');

    // And the same upload with the good token completes.
    const state = await watchUpload({ uploadId, token: stack.token, baseUrl: stack.gatewayUrl, WebSocket });
    assert.equal(state.status, 'completed');
  });

  test('heartbeat: pings are answered by pongs; tokenInUrl puts the token in the URL only when asked', async () => {
    const { uploadId } = await upload(stack.gatewayUrl, stack.token, readFileSync(sampleCsv));
    const recording = recordingWebSocket();
    const client = new UploadProgressClient({
      uploadId,
      token: stack.token,
      baseUrl: stack.gatewayUrl,
      WebSocket: recording.WebSocket,
      tokenInUrl: true,
      pingInterval: 300,
      closeOnFinish: false,
    });
    try {
      await waitFor('a pong', () => recording.connections[0]?.received.some((m) => m.type === 'pong'), { timeoutMs: 30000 });
      const [connection] = recording.connections;
      assert.equal(new URL(connection.url).searchParams.get('token'), stack.token);
      assert.ok(!connection.sent.some((m) => m.type === 'authenticate'), 'no authenticate message with tokenInUrl');
      const ping = connection.sent.find((m) => m.type === 'ping');
      assert.ok(connection.received.some((m) => m.type === 'pong' && m.timestamp === ping.timestamp));
      await waitFor('completion', () => client.getState().status === 'completed' && client.getState().results, { timeoutMs: 60000 });
      assert.equal(client.getState().connected, true, 'closeOnFinish: false keeps the socket open');
    } finally {
      client.close();
    }
  });
  test('cancelUpload stops an upload in flight: the client ends cancelled after the 1000 close; a late cancel gets 409', async () => {
    const { uploadId } = await upload(stack.gatewayUrl, stack.token, generateCsv(400000));
    const recording = recordingWebSocket();
    const client = new UploadProgressClient({
      uploadId, token: stack.token, baseUrl: stack.gatewayUrl, WebSocket: recording.WebSocket, closeOnFinish: false,
    });
    const states = trackStates(client);
    const closes = [];
    client.on('close', (c) => closes.push(c));
    const end = ended(client);
    await waitFor('processing', () => client.getState().status === 'processing', { timeoutMs: 60000, intervalMs: 5 });

    const answer = await cancelUpload({ baseUrl: stack.gatewayUrl, token: stack.token, uploadId });
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.equal(answer.ok, true);
    assert.equal(answer.body.status, 'cancelling');
    const { reason } = await end;

    assert.equal(reason, 'cancelled');
    const state = client.getState();
    assert.equal(state.status, 'cancelled');
    assert.match(state.message, /^Cancelled by /);
    assert.equal(state.error, null);
    assert.equal(state.results, null);
    assert.ok(state.rowsProcessed < 400000, `stopped early (${state.rowsProcessed} rows)`);
    assert.deepEqual(closes.map((c) => [c.code, c.willReconnect]), [[1000, false]], 'the gateway closed with 1000');
    assert.equal(recording.connections.length, 1);
    assert.ok(!recording.connections[0].received.some((m) => m.type === 'complete' || (m.type === 'error' && m.seq)));
    assert.equal(states.at(-1).status, 'cancelled');

    const late = await cancelUpload({ baseUrl: stack.gatewayUrl, token: stack.token, uploadId });
    assert.equal(late.status, 409);
    assert.equal(late.ok, false);
    assert.match(late.body.message, /has already finished \(cancelled\)/);
    const foreign = await cancelUpload({ baseUrl: stack.gatewayUrl, token: stack.sign({ sub: 'x', tenant: 'other' }), uploadId });
    assert.equal(foreign.ok, false);
    assert.equal(foreign.status, 403);
  });

  test('BoardClient on the real gateway: the list, then a new upload appears live, named, and completes', async () => {
    const recording = recordingWebSocket();
    const board = new BoardClient({ token: stack.token, baseUrl: stack.gatewayUrl, WebSocket: recording.WebSocket });
    const lists = [];
    board.on('list', (uploads) => lists.push(uploads));
    try {
      await waitFor('the first list', () => lists.length === 1, { timeoutMs: 30000 });
      const [connection] = recording.connections;
      assert.ok(connection.url.endsWith('/ws/uploads/') && !connection.url.includes('token='));
      assert.deepEqual(connection.sent[0], { type: 'authenticate', token: stack.token });
      assert.deepEqual(connection.received.slice(0, 2).map((m) => m.type), ['authenticated', 'uploads']);
      assert.equal(connection.received[0].upload_id, null);

      const { uploadId } = await upload(stack.gatewayUrl, stack.token, readFileSync(sampleCsv),
        { ...SAMPLE_MAPPING, fileName: 'board-sample.csv' });
      await waitFor('the new upload completed on the board', () => board.getUpload(uploadId)?.results, { timeoutMs: 60000 });
      const shown = board.getUpload(uploadId);
      assert.equal(shown.status, 'completed');
      assert.equal(shown.percent, 100);
      assert.equal(shown.results.processed_rows, 20000);
      await waitFor('its name from GET /api/uploads', () => board.getUpload(uploadId).fileName === 'board-sample.csv');
      assert.equal(board.getUploads()[0].uploadId, uploadId, 'newest first');
      const firstOfIt = connection.received.find((m) => m.upload_id === uploadId);
      assert.equal(firstOfIt.type, 'status', 'a new upload appears by its first status');
      assert.equal(recording.connections.length, 1);
    } finally {
      board.close();
    }
  });

  test("demo mode's aggregates endpoint: the owner's tenant gets the rows, another tenant 403, no token 401", async () => {
    const { uploadId } = await upload(stack.gatewayUrl, stack.token, readFileSync(sampleCsv));
    await watchUpload({ uploadId, token: stack.token, baseUrl: stack.gatewayUrl, WebSocket });
    const url = `${stack.gatewayUrl}/api/demo/uploads/${uploadId}/aggregates`;
    const own = await fetch(url, { headers: { Authorization: `Bearer ${stack.token}` } });
    assert.equal(own.status, 200);
    const rows = await own.json();
    assert.ok(rows.daily.length > 0 && rows.product.length > 0 && rows.monthly.length > 0);
    assert.ok(rows.daily.every((r) => r.uploadId === uploadId && r.kind === 'daily'));
    const other = await fetch(url, { headers: { Authorization: `Bearer ${stack.sign({ sub: 'x', tenant: 'other' })}` } });
    assert.equal(other.status, 403);
    assert.equal((await fetch(url)).status, 401);
    // Each read scans the aggregates topic: two at a time, and per user a burst of 10, then one a second.
    const reader = stack.sign({ sub: 'aggregates-reader', tenant: 'demo' });
    const answers = await Promise.all(Array.from({ length: 12 }, () =>
      fetch(url, { headers: { Authorization: `Bearer ${reader}` } })));
    const statuses = answers.map((answer) => answer.status);
    for (const answer of answers.filter((a) => a.status === 429)) {
      assert.match((await answer.json()).message, /at a time|one read a second per user/);
    }
    assert.ok(statuses.includes(429), `a burst of reads is limited: ${statuses}`);
  });
});
