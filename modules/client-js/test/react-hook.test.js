// The seed-style hook usage, rendered with React against the real gateway:
//   const { progress, status, error, results } = useUploadProgress(id, token)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, test } from 'node:test';
import React from 'react';
import TestRenderer, { act } from 'react-test-renderer';
import { useUploadProgress } from '../src/react.js';
import { ValidatingWebSocket, assertServerMessagesValid } from './support/server-messages.js';
import { sampleCsv, startStack, upload, waitFor } from './support/stack.js';

let stack;
before(async () => {
  stack = await startStack();
  // What a browser page has: a global WebSocket and the page's origin (the hook's defaults). The WebSocket is ws's,
  // checking every server message against the contract's schemas (afterEach below fails on a bad one).
  globalThis.WebSocket = ValidatingWebSocket;
  globalThis.location = { origin: stack.gatewayUrl };
  // Updates arrive from real sockets, not from act() scopes.
  globalThis.IS_REACT_ACT_ENVIRONMENT = false;
});
after(async () => {
  delete globalThis.WebSocket;
  delete globalThis.location;
  await stack?.stop();
});
afterEach(assertServerMessagesValid);

/** The component an existing frontend has, with only the import changed. */
function UploadStatus({ id, token, onRender }) {
  const { progress, status, error, results } = useUploadProgress(id, token);
  onRender({ progress, status, error, results });
  return React.createElement(
    'div',
    null,
    React.createElement('span', { id: 'status' }, status),
    React.createElement('progress', { value: progress, max: 100 }),
    error ? React.createElement('p', { role: 'alert' }, error.message) : null,
    results ? React.createElement('p', { id: 'rows' }, String(results.processed_rows)) : null,
  );
}

test('useUploadProgress(id, token) renders progress up to the completed results', async () => {
  const { uploadId } = await upload(stack.gatewayUrl, stack.token, readFileSync(sampleCsv));
  const renders = [];
  let renderer;
  act(() => {
    renderer = TestRenderer.create(
      React.createElement(UploadStatus, { id: uploadId, token: stack.token, onRender: (r) => renders.push(r) }),
    );
  });
  try {
    await waitFor('the completed results rendered', () => renders.at(-1)?.results, { timeoutMs: 60000 });
    const last = renders.at(-1);
    assert.equal(last.status, 'completed');
    assert.equal(last.progress, 100);
    assert.equal(last.error, null);
    assert.equal(last.results.processed_rows, 20000);
    assert.equal(renderer.root.findByProps({ id: 'status' }).children[0], 'completed');
    assert.equal(renderer.root.findByProps({ id: 'rows' }).children[0], '20000');
    assert.equal(renders[0].status, 'pending', 'starts as pending like the original hook');
    for (let i = 1; i < renders.length; i++) {
      assert.ok(renders[i].progress >= renders[i - 1].progress, 'progress never goes back');
    }
  } finally {
    act(() => renderer.unmount());
  }
});

test('useUploadProgress reports the refusal of another tenant as error', async () => {
  const { uploadId } = await upload(stack.gatewayUrl, stack.token, readFileSync(sampleCsv));
  const renders = [];
  let renderer;
  act(() => {
    renderer = TestRenderer.create(
      React.createElement(UploadStatus, {
        id: uploadId,
        token: stack.sign({ sub: 'intruder', tenant: 'other' }),
        onRender: (r) => renders.push(r),
      }),
    );
  });
  try {
    await waitFor('the error rendered', () => renders.at(-1)?.error, { timeoutMs: 30000 });
    assert.equal(renders.at(-1).error.code, 4003);
    assert.equal(renders.at(-1).results, null);
    assert.ok(renderer.root.findByProps({ role: 'alert' }));
  } finally {
    act(() => renderer.unmount());
  }
});
