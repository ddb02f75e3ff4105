// The gateway's demo page, the tenant's board, in real headless Chromium (Debian's package, driven by playwright-core)
// against the real local stack: upload the sample and see its card reach 100 % and the results; drop every connection
// mid-upload and see the board recover to the final state; an upload from another client appears by itself; pace and
// ETA are the server's; Cancel stops a million-row upload; a Cancel that comes too late shows the gateway's 409.
// Screenshots in target/: demo-completed.png, demo-board.png, demo-cancelled.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { assertServerMessagesValid, checkPageServerMessages } from './support/server-messages.js';
import {
  SAMPLE_MAPPING, generateCsv, moduleDir, repoRoot, sampleCsv, startProxy, startStack, upload, waitFor,
} from './support/stack.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const screenshots = {
  completed: path.join(moduleDir, 'target', 'demo-completed.png'),
  board: path.join(moduleDir, 'target', 'demo-board.png'),
  cancelled: path.join(moduleDir, 'target', 'demo-cancelled.png'),
};

let stack;
let proxy;
let context;
let profile;
let page;
let pageMessages;
const consoleErrors = [];

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the browser test cannot run. Install Debian's package ` +
        `(apt-get install -y chromium; .ci/run does this) or set CHROMIUM_PATH.`,
    );
  }
  stack = await startStack();
  // The page is loaded through a TCP proxy, so the test can cut its connections like a network failure would.
  proxy = await startProxy(Number(new URL(stack.gatewayUrl).port));
  profile = mkdtempSync(path.join(tmpdir(), 'client-js-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // A page that Playwright serves counts as public to Chromium, which then refuses its sockets to 127.0.0.1.
    args: process.env.DEMO_FROM_SOURCES ? [...FLAGS, '--disable-features=LocalNetworkAccessChecks'] : FLAGS,
    viewport: { width: 1200, height: 900 },
  });
  if (process.env.DEMO_FROM_SOURCES) await serveDemoFromSources(context);
  page = context.pages()[0] ?? (await context.newPage());
  // Every frame the page's progress and board sockets receive is checked against the contract's schemas (afterEach
  // below fails on a bad one). Hooked before the first navigation, so no socket is missed.
  pageMessages = checkPageServerMessages(page);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await proxy?.close();
  await stack?.stop();
});
afterEach(assertServerMessagesValid);

/**
 * DEMO_FROM_SOURCES=1: the page's files come from the source tree (gateway-service's demo/, client-js's src/) instead
 * of the gateway's jar, to try a change of the page without rebuilding the gateway. Everything else is the gateway's.
 */
async function serveDemoFromSources(browserContext) {
  const demoDir = path.join(repoRoot, 'gateway-service', 'src', 'main', 'resources', 'demo');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  await browserContext.route((url) => url.pathname.startsWith('/demo/'), async (route) => {
    const name = new URL(route.request().url()).pathname.slice('/demo/'.length) || 'index.html';
    const file = name.startsWith('client/')
      ? path.join(moduleDir, 'src', name.slice('client/'.length))
      : path.join(demoDir, name);
    // The gateway's answer for its headers (the page's CSP), the file's text for its body.
    const response = await route.fetch();
    await route.fulfill({ response, status: 200, body: readFileSync(file), contentType: types[path.extname(name) || '.html'] });
  });
}

/** The board's card of an upload. */
const cardOf = (uploadId) => page.locator(`#uploads > li[data-upload-id="${uploadId}"]`);

/** Clicks Upload (or presses Enter on it) and returns the id the gateway gave the upload, as the page says it. */
async function submitUpload(press) {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/uploads');
  await press();
  assert.equal((await answer).status(), 202);
  // Not from the response: Chromium may have evicted the body of a large upload from its inspector cache.
  const said = await page.waitForFunction(() => /^Upload (\S+) accepted/.exec(document.querySelector('#form-message').textContent)?.[1],
    null, { timeout: 10000 });
  return said.jsonValue();
}

async function chooseCsv(name, buffer) {
  await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer });
  await page.waitForFunction((n) => document.querySelector('#file-info').textContent.startsWith(n), name, { timeout: 10000 });
  await page.waitForFunction(() => !document.querySelector('#upload').disabled, null, { timeout: 10000 });
}

/** The board's messages about one upload that carry the processor's pace. */
const paceMessages = (uploadId) =>
  pageMessages.board.filter((m) => m.upload_id === uploadId && typeof m.rows_per_second === 'number');
const formatRate = (value) => Math.round(value).toLocaleString('en');
/** The page's ETA format (demo.js), checked from the seconds the gateway sent. */
const formatSeconds = (s) => (s < 60 ? `${Math.max(0, Math.ceil(s))} s` : `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`);

/** The whole page; or, with `from`, the window scrolled to that element. */
async function saveScreenshot(file, from) {
  mkdirSync(path.dirname(file), { recursive: true });
  if (from) await from.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: !from });
  assert.ok(existsSync(file));
}

let firstUploadId;
let droppedUploadId;

test('demo page: token from the fragment, mapping guessed from the header, upload to 100 % and the results', async () => {
  await page.goto(`${proxy.url}/demo/#token=${stack.token}`);
  assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address bar');
  assert.equal(await page.inputValue('#token'), stack.token);
  // The board opens with the token: live, and the list (empty on a fresh stack) is there.
  await page.waitForFunction(() => document.querySelector('#board-connection').textContent === 'live', null, { timeout: 30000 });
  assert.equal(await page.getAttribute('#board-connection', 'role'), 'status');

  await page.setInputFiles('#file', sampleCsv);
  await page.waitForFunction(() => document.querySelector('#map-date')?.value === 'fecha', null, { timeout: 10000 });
  assert.equal(await page.inputValue('#map-product'), 'producto');
  assert.equal(await page.inputValue('#map-quantity'), 'cantidad');
  assert.equal(await page.inputValue('#map-amount'), 'total');
  assert.equal(await page.inputValue('#delimiter'), ',');
  assert.equal(await page.inputValue('#dateFormat'), 'yyyy-MM-dd');

  // Keyboard only: focus the button and press Enter.
  await page.focus('#upload');
  firstUploadId = await submitUpload(() => page.keyboard.press('Enter'));
  const card = cardOf(firstUploadId);
  await card.locator('.results:not([hidden])').waitFor({ timeout: 60000 });
  assert.equal(await card.getAttribute('data-status'), 'completed');
  assert.equal((await card.locator('.upload-title').textContent()).trim(), 'sales.csv');
  assert.equal(await card.locator('.bar').getAttribute('aria-valuenow'), '100');
  assert.equal((await card.locator('.percent').textContent()).trim(), '100 %');
  assert.equal(await card.locator('.cancel').isHidden(), true, 'nothing to cancel once completed');
  const counts = await card.locator('.counts').innerText();
  assert.match(counts, /Rows processed\s+20,000/);
  assert.match(counts, /Quality score\s+[\d.]+ %/);
  // Charts come from the aggregates endpoint once the upload completed.
  await page.waitForFunction((el) => el.dataset.aggregates === 'loaded', await card.elementHandle(), { timeout: 30000 });
  assert.ok((await card.locator('.daily svg rect').count()) > 0, 'daily revenue bars drawn');
  assert.ok((await card.locator('.products tbody tr').count()) > 0, 'top products listed');
  // Results fold away and back with their button.
  const toggle = card.getByRole('button', { name: 'Hide results' });
  await toggle.click();
  assert.equal(await card.locator('.results').isHidden(), true);
  assert.equal(await card.locator('.show-results').getAttribute('aria-expanded'), 'false');
  await card.getByRole('button', { name: 'Show results' }).click();
  assert.equal(await card.locator('.results').isVisible(), true);
  // The schema hook did see this page's messages (they reach Node over CDP, not in step with the DOM).
  await waitFor("the board's complete message checked against its schema", () => pageMessages.includes('complete'), { timeoutMs: 10000 });
  assert.ok(pageMessages.includes('uploads'), "the board's list was checked too");
  await saveScreenshot(screenshots.completed);
});

test('demo page: connections dropped mid-upload, the board reconnects and shows the final state', async () => {
  const rows = 600000;
  await chooseCsv('big-sales.csv', Buffer.from(generateCsv(rows)));
  droppedUploadId = await submitUpload(() => page.click('#upload'));
  const card = cardOf(droppedUploadId);
  await card.waitFor({ timeout: 30000 });
  const handle = await card.elementHandle();
  await page.waitForFunction(
    (el) => el.dataset.status === 'processing' && Number(el.querySelector('.bar').getAttribute('aria-valuenow')) > 0,
    handle,
    { timeout: 60000, polling: 10 },
  );
  const statusAtDrop = await card.getAttribute('data-status');
  const dropped = proxy.dropAll();
  assert.ok(dropped >= 1, 'the page had a connection to drop');
  assert.equal(statusAtDrop, 'processing', 'dropped mid-upload');

  await card.locator('.results:not([hidden])').waitFor({ timeout: 90000 });
  assert.equal(await card.getAttribute('data-status'), 'completed');
  assert.ok(Number(await page.getAttribute('#board-connection', 'data-connections')) >= 2, 'the board opened a second connection');
  assert.equal(await card.locator('.bar').getAttribute('aria-valuenow'), '100');
  const counts = await card.locator('.counts').innerText();
  assert.match(counts, /Rows processed\s+600,000/);
  assert.match(counts, /Invalid rows\s+600/);
  assert.equal(await card.locator('.errors tbody tr').count(), 100, 'the first 100 row errors');
  assert.match(await card.locator('.errors tbody tr').first().innerText(), /1001\s+cantidad/);
  await page.waitForFunction((el) => el.dataset.aggregates === 'loaded', handle, { timeout: 30000 });

  // Both uploads are on the board, newest first, both completed.
  const board = await page.locator('#uploads > li').evaluateAll((cards) => cards.map((c) => [c.dataset.uploadId, c.dataset.status]));
  assert.deepEqual(board.filter(([id]) => id === droppedUploadId || id === firstUploadId),
    [[droppedUploadId, 'completed'], [firstUploadId, 'completed']]);
  const cspViolations = consoleErrors.filter((e) => /Content Security Policy/i.test(e));
  assert.deepEqual(cspViolations, [], 'the page runs under its CSP');
});

test('board: an upload from another client appears by itself, named, newest first, and completes', async () => {
  const { uploadId } = await upload(stack.gatewayUrl, stack.token, readFileSync(sampleCsv),
    { ...SAMPLE_MAPPING, fileName: 'from-the-terminal.csv' });
  const card = cardOf(uploadId);
  await card.waitFor({ timeout: 30000 });
  assert.equal(await page.locator('#uploads > li').first().getAttribute('data-upload-id'), uploadId, 'on top');
  // Named from the board's GET /api/uploads (the live messages carry no file name).
  await page.waitForFunction((el) => el.querySelector('.upload-title').textContent === 'from-the-terminal.csv',
    await card.elementHandle(), { timeout: 30000 });
  await card.locator('.results:not([hidden])').waitFor({ timeout: 60000 });
  assert.equal(await card.getAttribute('data-status'), 'completed');
  assert.match(await card.locator('.counts').innerText(), /Rows processed\s+20,000/);
  assert.ok((await page.locator('#uploads > li').count()) >= 3);
  assert.equal(await page.isHidden('#no-uploads'), true);
});

test('board: Cancel stops a million-row upload; pace and ETA on its card are the server figures', async () => {
  await chooseCsv('million.csv', Buffer.from(generateCsv(1000000)));
  const uploadId = await submitUpload(() => page.click('#upload'));
  const card = cardOf(uploadId);
  await card.waitFor({ timeout: 30000 });
  const handle = await card.elementHandle();
  await page.waitForFunction((el) => el.dataset.status === 'processing' && Number(el.dataset.rowsPerSecond) > 0, handle,
    { timeout: 60000, polling: 20 });
  // What the card shows now, and the Cancel click at once: a million rows take the processor only seconds.
  const shown = await card.evaluate((el) => ({
    rate: el.querySelector('.rate').textContent, eta: el.querySelector('.eta').textContent,
    rowsPerSecond: Number(el.dataset.rowsPerSecond), etaSeconds: el.dataset.etaSeconds,
  }));
  const cancel = card.getByRole('button', { name: 'Cancel' });
  const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE');
  await cancel.click();
  assert.equal((await deleted).status(), 202);

  await page.waitForFunction((el) => el.dataset.status === 'cancelled', handle, { timeout: 30000 });
  assert.match(await card.locator('.message').textContent(), /^Cancelled by /);
  assert.equal(await card.locator('.cancel').isHidden(), true, 'nothing left to cancel');
  assert.equal(await card.locator('.results').isHidden(), true, 'a cancelled upload has no results');
  assert.equal(await card.locator('.show-results').isHidden(), true);
  assert.equal(await card.locator('.eta').textContent(), 'finished');
  const rowsShown = Number((await card.locator('.rows').textContent()).replace(/ of .*/, '').replace(/[^\d]/g, ''));
  assert.ok(rowsShown < 1000000, `stopped before the end (${rowsShown} rows)`);
  await page.locator('#board-announcer').filter({ hasText: 'million.csv: cancelled' }).waitFor({ timeout: 5000 });

  // The pace and the estimate the card showed were ones the gateway sent for this upload, formatted, not measured.
  await waitFor('the cancelled status among the board messages', () =>
    pageMessages.board.some((m) => m.upload_id === uploadId && m.type === 'status' && m.status === 'cancelled'), { timeoutMs: 10000 });
  const sent = paceMessages(uploadId).find((m) => m.rows_per_second === shown.rowsPerSecond);
  assert.ok(sent, `${shown.rowsPerSecond} rows/s is a pace the gateway sent`);
  assert.equal(shown.rate, `${formatRate(sent.rows_per_second)} rows/s`);
  assert.equal(shown.etaSeconds, sent.eta_seconds === null ? '' : String(sent.eta_seconds));
  assert.equal(shown.eta, sent.eta_seconds === null ? 'ETA –' : `ETA ${formatSeconds(sent.eta_seconds)}`);
  await saveScreenshot(screenshots.cancelled, page.locator('#uploads-heading'));
});

test('board: a Cancel that comes too late shows the gateway 409 message', async () => {
  // The button of a completed upload is hidden; its click as it would have come just before: the DELETE is real.
  const card = cardOf(firstUploadId);
  const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE');
  await card.locator('.cancel').dispatchEvent('click');
  assert.equal((await deleted).status(), 409);
  await page.waitForFunction(
    (el) => el.querySelector('.cancel-message').textContent.includes('has already finished (completed); there is nothing to cancel'),
    await card.elementHandle(), { timeout: 10000 });
  assert.equal(await card.locator('.cancel-message').getAttribute('role'), 'status');
  assert.equal(await card.getAttribute('data-status'), 'completed');
  // The whole board at the end: every upload of the tests, newest first.
  await saveScreenshot(screenshots.board);
});
