// Test support: every frame the gateway sends to a client under test is checked against the contract's schemas.
// Node tests use ValidatingWebSocket in place of ws's WebSocket; the browser test hooks the page's sockets through
// Playwright. Neither throws where the frame arrives: inside ws's or Playwright's event handlers a throw surfaces as
// an uncaught exception that is not reliably the running test's, and it would keep the client from seeing the frame.
// Failures are collected instead, and assertServerMessagesValid, registered with afterEach, fails the test in which
// they arrived.
import WebSocket from 'ws';
import { assertValidServerMessage } from './schemas.js';

const failures = [];

/**
 * Checks one received frame; a frame that is not JSON breaks the contract too.
 * @returns {string|undefined} the message's type, when it is valid
 */
export function checkServerFrame(data) {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  try {
    const message = JSON.parse(text);
    assertValidServerMessage(message);
    return message.type;
  } catch (e) {
    failures.push(e instanceof SyntaxError ? new Error(`server frame is not JSON (${e.message}): ${text}`) : e);
    return undefined;
  }
}

/**
 * The `ws` package's WebSocket, checking every frame it receives. Its listener is added in the constructor, before
 * the client sets onmessage, so a frame is checked before the client acts on it.
 */
export class ValidatingWebSocket extends WebSocket {
  constructor(...args) {
    super(...args);
    this.on('message', (data) => checkServerFrame(data));
  }
}

/**
 * Checks every frame the progress and board sockets of a Playwright page receive (the page runs its own copy of the
 * client), and keeps the parsed messages of the board sockets.
 * @param {import('playwright-core').Page} page
 * @returns {string[] & {board: object[]}} the types of the valid messages seen so far, so a test can tell the hook saw
 *   anything at all; `.board`: every message the page's board sockets received, in order
 */
export function checkPageServerMessages(page) {
  const seen = Object.assign([], { board: [] });
  page.on('websocket', (socket) => {
    const { pathname } = new URL(socket.url());
    const isBoard = pathname.endsWith('/ws/uploads/');
    if (!pathname.includes('/ws/processing/') && !isBoard) return;
    socket.on('framereceived', ({ payload }) => {
      if (isBoard) {
        const message = parseFrame(payload);
        if (message) seen.board.push(message);
      }
      const type = checkServerFrame(payload);
      if (type) seen.push(type);
    });
  });
  return seen;
}

function parseFrame(data) {
  try {
    return JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  } catch {
    return null;
  }
}

/** Throws (and forgets them) if any frame received since the last call broke the contract. */
export function assertServerMessagesValid() {
  const found = failures.splice(0);
  if (found.length) {
    throw new Error(`${found.length} server message(s) broke the contract:\n${found.map((e) => e.message).join('\n')}`);
  }
}
