// The gateway's demo page in real headless Chromium (Debian's package, driven by playwright-core), against the real
// local stack: upload the sample, see the bar reach 100 % and the results; drop every connection mid-upload and see
// the page recover to the final state; screenshot in target/demo-completed.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { assertServerMessagesValid, checkPageServerMessages } from './support/server-messages.js';
import { generateCsv, moduleDir, sampleCsv, startProxy, startStack, waitFor } from './support/stack.js';

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
const screenshot = path.join(moduleDir, 'target', 'demo-completed.png');

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
    args: FLAGS,
    viewport: { width: 1200, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  // Every frame the page's progress sockets receive is checked against the contract's schemas (afterEach below fails
  // on a bad one). Hooked before the first navigation, so no socket is missed.
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

/** The card of the newest upload, once the page has added it after `previousCount` cards. */
async function newCard(previousCount) {
  await page.waitForFunction((n) => document.querySelectorAll('#uploads > li').length > n, previousCount, { timeout: 30000 });
  return page.locator('#uploads > li').first();
}

test('demo page: token from the fragment, mapping guessed from the header, upload to 100 % and the results', async () => {
  await page.goto(`${proxy.url}/demo/#token=${stack.token}`);
  assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address bar');
  assert.equal(await page.inputValue('#token'), stack.token);

  await page.setInputFiles('#file', sampleCsv);
  await page.waitForFunction(() => document.querySelector('#map-date')?.value === 'fecha', null, { timeout: 10000 });
  assert.equal(await page.inputValue('#map-product'), 'producto');
  assert.equal(await page.inputValue('#map-quantity'), 'cantidad');
  assert.equal(await page.inputValue('#map-amount'), 'total');
  assert.equal(await page.inputValue('#delimiter'), ',');
  assert.equal(await page.inputValue('#dateFormat'), 'yyyy-MM-dd');

  // Keyboard only: focus the button and press Enter.
  await page.focus('#upload');
  await page.keyboard.press('Enter');
  const card = await newCard(0);
  await card.locator('.results:not([hidden])').waitFor({ timeout: 60000 });
  assert.equal(await card.getAttribute('data-status'), 'completed');
  assert.equal(await card.locator('.bar').getAttribute('aria-valuenow'), '100');
  assert.equal((await card.locator('.percent').textContent()).trim(), '100 %');
  const counts = await card.locator('.counts').innerText();
  assert.match(counts, /Rows processed\s+20,000/);
  assert.match(counts, /Quality score\s+[\d.]+ %/);
  // Charts come from the aggregates endpoint once the upload completed.
  await page.waitForFunction((el) => el.dataset.aggregates === 'loaded', await card.elementHandle(), { timeout: 30000 });
  assert.ok((await card.locator('.daily svg rect').count()) > 0, 'daily revenue bars drawn');
  assert.ok((await card.locator('.products tbody tr').count()) > 0, 'top products listed');
  // The schema hook did see this page's messages (they reach Node over CDP, not in step with the DOM).
  await waitFor("the page's complete message checked against its schema", () => pageMessages.includes('complete'), { timeoutMs: 10000 });
});

test('demo page: connections dropped mid-upload, the page reconnects and shows the final state', async () => {
  const rows = 600000;
  await page.setInputFiles('#file', { name: 'big-sales.csv', mimeType: 'text/csv', buffer: Buffer.from(generateCsv(rows)) });
  await page.waitForFunction(() => document.querySelector('#file-info').textContent.startsWith('big-sales.csv'), null, { timeout: 10000 });
  await page.waitForFunction(() => !document.querySelector('#upload').disabled, null, { timeout: 10000 });
  await page.click('#upload');
  const card = await newCard(1);
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
  assert.ok(Number(await card.getAttribute('data-connections')) >= 2, 'a second connection was opened');
  assert.equal(await card.locator('.bar').getAttribute('aria-valuenow'), '100');
  const counts = await card.locator('.counts').innerText();
  assert.match(counts, /Rows processed\s+600,000/);
  assert.match(counts, /Invalid rows\s+600/);
  assert.equal(await card.locator('.errors tbody tr').count(), 100, 'the first 100 row errors');
  assert.match(await card.locator('.errors tbody tr').first().innerText(), /1001\s+cantidad/);
  await page.waitForFunction((el) => el.dataset.aggregates === 'loaded', handle, { timeout: 30000 });

  // Both uploads are on the page, both completed.
  assert.deepEqual(await page.locator('#uploads > li').evaluateAll((cards) => cards.map((c) => c.dataset.status)), ['completed', 'completed']);
  mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshot, fullPage: true });
  assert.ok(existsSync(screenshot));
  const cspViolations = consoleErrors.filter((e) => /Content Security Policy/i.test(e));
  assert.deepEqual(cspViolations, [], 'the page runs under its CSP');
});
