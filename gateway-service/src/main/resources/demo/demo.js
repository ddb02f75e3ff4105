// The demo page: choose or drop a CSV, map its columns, upload it, and watch every upload of the tenant on one board
// (client-js's BoardClient over /ws/uploads/), with pace, ETA, stalls, a Cancel button and the results.
// client/index.js and client/board.js are modules/client-js/src/, packed into the gateway by its build
// (gateway-service/pom.xml).
import { BoardClient } from './client/board.js';
import { cancelUpload, isFinished, watchUpload } from './client/index.js';

const $ = (selector, root = document) => root.querySelector(selector);

// The mapping fields; which column is which is guessed by the gateway (POST /api/uploads/guess), as the CLI does.
const FIELDS = [
  { name: 'date', label: 'Date', required: true },
  { name: 'product', label: 'Product', required: true },
  { name: 'quantity', label: 'Quantity', required: true },
  { name: 'amount', label: 'Line total (amount)', required: false },
  { name: 'unitPrice', label: 'Unit price (if no total)', required: false },
  { name: 'transactionId', label: 'Transaction id', required: false },
  { name: 'customer', label: 'Customer', required: false },
];

const state = { file: null, columns: [] };

/** The gateway's guess of the format and mapping from the first 64 KiB of the file. */
async function guess(file) {
  const encoding = encodeURIComponent($('#encoding').value || 'UTF-8');
  const response = await fetch(`/api/uploads/guess?encoding=${encoding}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${$('#token').value.trim()}` },
    body: file.slice(0, 64 * 1024),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(body.message ?? `the gateway answered ${response.status}`);
  }
  return response.json();
}

function renderMapping(columns, mapping) {
  const container = $('#mapping');
  container.replaceChildren();
  for (const field of FIELDS) {
    const wrapper = document.createElement('div');
    wrapper.className = 'field';
    const label = document.createElement('label');
    label.htmlFor = `map-${field.name}`;
    label.textContent = field.label + (field.required ? ' *' : '');
    const select = document.createElement('select');
    select.id = `map-${field.name}`;
    select.name = field.name;
    const none = new Option(field.required ? '(choose a column)' : '(not in the file)', '');
    select.add(none);
    for (const column of columns) select.add(new Option(column, column));
    select.value = mapping[field.name] ?? '';
    select.addEventListener('change', () => validate());
    wrapper.append(label, select);
    container.append(wrapper);
  }
}

function formValues() {
  const values = {};
  for (const field of FIELDS) {
    const value = $(`#map-${field.name}`)?.value;
    if (value) values[field.name] = value;
  }
  values.delimiter = $('#delimiter').value;
  values.dateFormat = $('#dateFormat').value.trim();
  values.decimalSeparator = $('#decimalSeparator').value;
  values.encoding = $('#encoding').value;
  values.header = String($('#header').checked);
  return values;
}

/** Enables Upload when the form is complete; says what is missing (unless keepMessage, once an answer is shown). */
function validate(keepMessage = false) {
  const values = formValues();
  let problem = null;
  if (!state.file) problem = 'Choose a CSV file first.';
  else if (!$('#token').value.trim()) problem = 'Paste a token first.';
  else if (FIELDS.some((f) => f.required && !values[f.name])) problem = 'Map the date, product and quantity columns.';
  else if (!values.amount && !values.unitPrice) problem = 'Map either the line total or the unit price.';
  $('#upload').disabled = problem !== null;
  if (!keepMessage) $('#form-message').textContent = problem ?? `Ready to upload ${state.file.name}.`;
  return problem === null;
}

async function chooseFile(file) {
  if (!file) return;
  state.file = file;
  if (!$('#token').value.trim()) {
    $('#form-message').textContent = `Paste a token to read the columns of ${file.name}.`;
    return;
  }
  let guessed;
  try {
    guessed = await guess(file);
  } catch (e) {
    $('#form-message').textContent = `Cannot read the columns of ${file.name}: ${e.message}`;
    return;
  }
  state.columns = guessed.columns;
  $('#file-info').textContent = `${file.name}: ${formatBytes(file.size)}, columns ${guessed.columns.join(', ')}`;
  $('#delimiter').value = guessed.delimiter;
  $('#dateFormat').value = guessed.dateFormat;
  $('#decimalSeparator').value = guessed.decimalSeparator;
  renderMapping(guessed.columns, guessed.mapping);
  validate();
}

async function submit(event) {
  event.preventDefault();
  if (!validate()) return;
  const token = $('#token').value.trim();
  const body = new FormData();
  body.append('file', state.file, state.file.name);
  for (const [key, value] of Object.entries(formValues())) body.append(key, value);
  $('#upload').disabled = true;
  $('#form-message').textContent = `Uploading ${state.file.name}…`;
  try {
    const response = await fetch('/api/uploads', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
    const answer = await response.json().catch(() => ({}));
    if (response.status !== 202) {
      $('#form-message').textContent = `Refused (${response.status}): ${answer.message ?? answer.error ?? 'unknown error'}`;
      return;
    }
    board.names.set(answer.uploadId, state.file.name);
    $('#form-message').textContent = `Upload ${answer.uploadId} accepted; it appears on the board below.`;
    startBoard();
  } catch (e) {
    $('#form-message').textContent = `Upload failed: ${e.message}`;
  } finally {
    validate(true);
  }
}

// The board: one socket (/ws/uploads/) for every upload of the token's tenant, one card per upload.
const board = { client: null, token: '', cards: new Map(), names: new Map(), inFlight: new Set() };

/** (Re)opens the board for the token in the field; a new token is another tenant's board. */
function startBoard() {
  const token = $('#token').value.trim();
  if (board.client && token === board.token) return;
  board.client?.close();
  board.client = null;
  board.token = token;
  board.cards.clear();
  board.inFlight.clear();
  $('#uploads').replaceChildren();
  $('#no-uploads').hidden = false;
  if (!token) {
    setConnection('not connected: paste a token', '');
    return;
  }
  setConnection('connecting…', '');
  const client = new BoardClient({ token });
  board.client = client;
  client.on('open', ({ connection }) => {
    $('#board-connection').dataset.connections = String(connection);
  });
  client.on('authenticated', () => setConnection('live', 'live'));
  client.on('close', ({ willReconnect, delay }) => {
    setConnection(willReconnect ? `connection lost, retrying in ${(delay / 1000).toFixed(1)} s…` : 'closed', 'down');
  });
  client.on('end', ({ error }) => {
    if (error) setConnection(`closed: ${error.message}${error.code ? ` (close code ${error.code})` : ''}`, 'down');
  });
  client.on('upload', (upload) => render(cardFor(upload.uploadId), upload));
  client.on('uploads', (uploads) => place(uploads));
  client.on('list', (uploads) => loadMissedResults(uploads));
  client.on('complete', (message) => {
    const card = board.cards.get(message.upload_id);
    if (card) loadAggregates(card, message.upload_id);
  });
}

function setConnection(text, kind) {
  const label = $('#board-connection');
  label.className = `connection ${kind}`.trim();
  label.textContent = text;
}

/** The cards in the board's order (newest first), each moved only when it is out of place. */
function place(uploads) {
  const list = $('#uploads');
  $('#no-uploads').hidden = uploads.length > 0;
  uploads.forEach((upload, i) => {
    const card = cardFor(upload.uploadId);
    if (list.children[i] !== card) list.insertBefore(card, list.children[i] ?? null);
  });
}

function cardFor(uploadId) {
  let card = board.cards.get(uploadId);
  if (card) return card;
  card = $('#upload-template').content.firstElementChild.cloneNode(true);
  const key = uploadId.replace(/[^A-Za-z0-9_-]/g, '_');
  card.dataset.uploadId = uploadId;
  $('.upload-title', card).id = `upload-${key}`;
  card.setAttribute('aria-labelledby', `upload-${key}`);
  $('.results', card).id = `results-${key}`;
  const cancel = $('.cancel', card);
  cancel.setAttribute('aria-describedby', `upload-${key}`);
  cancel.addEventListener('click', () => requestCancel(card, uploadId));
  const toggle = $('.show-results', card);
  toggle.setAttribute('aria-controls', `results-${key}`);
  toggle.setAttribute('aria-describedby', `upload-${key}`);
  toggle.addEventListener('click', () => toggleResults(card, uploadId));
  board.cards.set(uploadId, card);
  return card;
}

function render(card, s) {
  const status = s.status ?? 'pending';
  const previous = card.dataset.status;
  const wasStalled = card.classList.contains('is-stalled');
  const name = s.fileName ?? board.names.get(s.uploadId) ?? s.uploadId;
  card.dataset.status = status;
  for (const finished of ['completed', 'failed', 'cancelled']) card.classList.toggle(finished, status === finished);
  $('.upload-title', card).textContent = name;
  $('.upload-id', card).textContent = s.uploadId;
  $('.started', card).textContent = s.startedAt ? `started ${formatTime(s.startedAt)}` : 'just started';
  const percent = Math.round(s.percent * 10) / 10;
  $('.stage', card).textContent = status;
  $('.percent', card).textContent = `${percent} %`;
  const bar = $('.bar', card);
  bar.setAttribute('aria-valuenow', String(percent));
  bar.setAttribute('aria-valuetext', `${status}, ${percent} percent`);
  bar.setAttribute('aria-label', `${name}: progress`);
  $('.bar-fill', card).style.width = `${percent}%`;
  $('.rows', card).textContent = `${s.rowsProcessed.toLocaleString('en')}${s.totalRows != null ? ` of ${s.totalRows.toLocaleString('en')}` : ''} rows`;
  // The processor's pace and estimate, as the gateway sends them: nothing is timed here.
  card.dataset.rowsPerSecond = String(s.rowsPerSecond);
  card.dataset.etaSeconds = s.etaSeconds == null ? '' : String(s.etaSeconds);
  $('.rate', card).textContent = `${formatRate(s.rowsPerSecond)} rows/s`;
  $('.eta', card).textContent = isFinished(status) ? 'finished'
    : s.etaSeconds == null ? 'ETA –' : `ETA ${formatSeconds(s.etaSeconds)}`;
  // A stall: the badge with the gateway's message (which says since when), until the next snapshot clears it.
  $('.stalled', card).hidden = !s.stalled;
  card.classList.toggle('is-stalled', s.stalled);
  $('.stalled-message', card).textContent = s.stalled ? (s.message ?? '') : '';
  $('.message', card).textContent = s.stalled ? '' : (s.message ?? '');
  const failure = $('.failure', card);
  failure.hidden = !s.error;
  if (s.error) failure.textContent = `${s.error.message}${s.error.details ? `: ${s.error.details}` : ''}`;
  // Cancel while the processor may still stop it; the gateway answers 409 once it has finished.
  $('.cancel', card).hidden = isFinished(status);
  if (isFinished(status) && card.dataset.cancel === 'requested') {
    delete card.dataset.cancel;
    $('.cancel-message', card).textContent = status === 'cancelled' ? ''
      : `The upload ${status} before the cancel reached the processor.`;
  }
  if (!isFinished(status)) board.inFlight.add(s.uploadId);
  $('.show-results', card).hidden = status !== 'completed';
  if (s.results && card.dataset.results !== 'loaded') showResults(card, s.results);
  if (previous && previous !== status) announce(`${name}: ${status}${status === 'cancelled' && s.message ? ` (${s.message})` : ''}`);
  else if (s.stalled && !wasStalled) announce(`${name}: stalled. ${s.message ?? ''}`);
}

function announce(text) {
  $('#board-announcer').textContent = text;
}

async function requestCancel(card, uploadId) {
  const button = $('.cancel', card);
  const message = $('.cancel-message', card);
  button.disabled = true;
  button.textContent = 'Cancelling…';
  message.textContent = '';
  try {
    const answer = await cancelUpload({ uploadId, token: board.token });
    if (answer.ok) {
      card.dataset.cancel = 'requested';
      message.textContent = 'Cancel requested; waiting for the processor to stop it…';
    } else if (answer.status === 409) {
      // Too late: it finished meanwhile; its last status is on its way.
      message.textContent = answer.body?.message ?? 'The upload has already finished.';
    } else {
      message.textContent = `Cancel refused (${answer.status}): ${answer.body?.message ?? answer.body?.error ?? 'unknown error'}`;
      button.disabled = false;
    }
  } catch (e) {
    message.textContent = `Cancel failed: ${e.message}`;
    button.disabled = false;
  } finally {
    button.textContent = 'Cancel';
  }
}

/** Results of an upload that completed while this page watched it but arrived without them (a reconnect's list). */
function loadMissedResults(uploads) {
  for (const upload of uploads) {
    const card = board.cards.get(upload.uploadId);
    if (upload.status === 'completed' && !upload.results && board.inFlight.has(upload.uploadId)
        && card && !card.dataset.results) {
      loadResults(card, upload.uploadId);
    }
  }
}

/** An upload's results come with its `complete`; one that completed out of sight gets them from its own socket. */
async function loadResults(card, uploadId) {
  const toggle = $('.show-results', card);
  card.dataset.results = 'loading';
  toggle.disabled = true;
  toggle.textContent = 'Loading results…';
  try {
    const state = await watchUpload({ uploadId, token: board.token });
    if (!state.results) throw new Error(`the upload ended ${state.status}`);
    showResults(card, state.results);
    loadAggregates(card, uploadId);
  } catch (e) {
    delete card.dataset.results;
    toggle.textContent = 'Show results';
    $('.cancel-message', card).textContent = `Results unavailable: ${e.message}`;
  } finally {
    toggle.disabled = false;
  }
}

function toggleResults(card, uploadId) {
  if (!card.dataset.results) {
    loadResults(card, uploadId);
    return;
  }
  if (card.dataset.results !== 'loaded') return;
  const results = $('.results', card);
  results.hidden = !results.hidden;
  const toggle = $('.show-results', card);
  toggle.setAttribute('aria-expanded', String(!results.hidden));
  toggle.textContent = results.hidden ? 'Show results' : 'Hide results';
}

function showResults(card, results) {
  renderResults(card, results);
  card.dataset.results = 'loaded';
  const toggle = $('.show-results', card);
  toggle.setAttribute('aria-expanded', 'true');
  toggle.textContent = 'Hide results';
}

function renderResults(card, results) {
  const counts = $('.counts', card);
  const entries = [
    ['Quality score', `${results.data_quality_score} %`],
    ['Rows processed', results.processed_rows],
    ['Valid rows', results.valid_rows],
    ['Invalid rows', results.invalid_rows],
    ['Days', results.aggregation_counts?.daily_aggregations],
    ['Months', results.aggregation_counts?.monthly_aggregations],
    ['Products', results.aggregation_counts?.product_aggregations],
  ];
  counts.replaceChildren(
    ...entries.map(([term, value]) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = typeof value === 'number' ? value.toLocaleString('en') : String(value ?? '–');
      div.append(dt, dd);
      return div;
    }),
  );
  const errors = results.row_errors ?? [];
  $('.errors-caption', card).textContent = errors.length === 0
    ? 'No row errors.'
    : `First ${errors.length} of ${results.invalid_rows.toLocaleString('en')} invalid rows (line numbers as in the file).`;
  $('.errors tbody', card).replaceChildren(
    ...errors.slice(0, 100).map((e) => row([String(e.line), e.column ?? '', e.message], [true, false, false])),
  );
  $('.errors', card).querySelector('thead').hidden = errors.length === 0;
  $('.results', card).hidden = false;
}

async function loadAggregates(card, uploadId) {
  if (card.dataset.aggregates) return;
  card.dataset.aggregates = 'loading';
  const chart = $('.daily .chart', card);
  chart.textContent = 'Loading…';
  try {
    const response = await fetch(`/api/demo/uploads/${encodeURIComponent(uploadId)}/aggregates`, {
      headers: { Authorization: `Bearer ${board.token}` },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const aggregates = await response.json();
    drawDailyChart(chart, aggregates.daily ?? []);
    const top = [...(aggregates.product ?? [])].sort((a, b) => Number(b.revenue) - Number(a.revenue)).slice(0, 10);
    $('.products tbody', card).replaceChildren(
      ...top.map((p) => row([p.key, money(p.revenue), Number(p.quantity).toLocaleString('en'), String(p.transactions)], [false, true, true, true])),
    );
    card.dataset.aggregates = 'loaded';
  } catch (e) {
    chart.textContent = `Aggregates unavailable (${e.message}).`;
    delete card.dataset.aggregates;
  }
}

function drawDailyChart(container, days) {
  if (days.length === 0) {
    container.textContent = 'No valid rows, so no daily revenue.';
    return;
  }
  const ns = 'http://www.w3.org/2000/svg';
  const width = 600;
  const height = 220;
  const pad = { left: 56, right: 8, top: 10, bottom: 34 };
  const max = Math.max(...days.map((d) => Number(d.revenue)), 0) || 1;
  const step = (width - pad.left - pad.right) / days.length;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  const total = days.reduce((sum, d) => sum + Number(d.revenue), 0);
  svg.setAttribute('aria-label', `Daily revenue over ${days.length} days, from ${days[0].key} to ${days.at(-1).key}; total ${money(total)}, best day ${money(max)}.`);
  const add = (name, attributes, text) => {
    const element = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, String(v));
    if (text !== undefined) element.textContent = text;
    svg.append(element);
    return element;
  };
  const plotHeight = height - pad.top - pad.bottom;
  add('line', { class: 'axis', x1: pad.left, y1: pad.top + plotHeight, x2: width - pad.right, y2: pad.top + plotHeight });
  add('text', { x: pad.left - 4, y: pad.top + 8, 'text-anchor': 'end' }, compact(max));
  add('text', { x: pad.left - 4, y: pad.top + plotHeight, 'text-anchor': 'end' }, '0');
  const labelEvery = Math.ceil(days.length / 8);
  days.forEach((d, i) => {
    const value = Math.max(0, Number(d.revenue));
    const h = (value / max) * plotHeight;
    const bar = add('rect', { class: 'bar-day', x: pad.left + i * step + 1, y: pad.top + plotHeight - h, width: Math.max(1, step - 2), height: h });
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${d.key}: ${money(d.revenue)}`;
    bar.append(title);
    if (i % labelEvery === 0) {
      add('text', { x: pad.left + i * step + step / 2, y: height - 14, 'text-anchor': 'middle' }, d.key.slice(5));
    }
  });
  container.replaceChildren(svg);
}

function row(cells, numeric) {
  const tr = document.createElement('tr');
  cells.forEach((cell, i) => {
    const td = document.createElement('td');
    td.textContent = cell;
    if (numeric[i]) td.className = 'num';
    tr.append(td);
  });
  return tr;
}

const money = (value) => Number(value).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = (value) => Number(value).toLocaleString('en', { notation: 'compact', maximumFractionDigits: 1 });
const formatBytes = (n) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`);
const formatRate = (rowsPerSecond) => Math.round(rowsPerSecond).toLocaleString('en');
const formatTime = (iso) => new Date(iso).toLocaleTimeString('en-GB');
function formatSeconds(s) {
  if (!Number.isFinite(s)) return '–';
  return s < 60 ? `${Math.max(0, Math.ceil(s))} s` : `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}

function setUp() {
  // A token may arrive in the URL fragment (never sent to the server): /demo/#token=... as the local stack prints.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('demo-token', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const tokenField = $('#token');
  tokenField.value = sessionStorage.getItem('demo-token') ?? '';
  let boardTimer = null;
  tokenField.addEventListener('input', () => {
    sessionStorage.setItem('demo-token', tokenField.value.trim());
    // The board follows the token, once typing or pasting has settled.
    clearTimeout(boardTimer);
    boardTimer = setTimeout(startBoard, 400);
    // A file chosen before the token was pasted still needs its columns guessed.
    if (state.file && state.columns.length === 0) chooseFile(state.file);
    else validate();
  });
  $('#file').addEventListener('change', (e) => chooseFile(e.target.files[0]));
  const zone = $('#drop-zone');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    chooseFile(e.dataTransfer.files[0]);
  });
  // Without a header the mapping names 1-based column numbers.
  $('#header').addEventListener('change', () => {
    const withHeader = $('#header').checked;
    const guessed = {};
    for (const field of FIELDS) {
      const current = $(`#map-${field.name}`)?.value;
      const index = withHeader ? Number(current) - 1 : state.columns.indexOf(current);
      if (current && index >= 0) guessed[field.name] = withHeader ? state.columns[index] : String(index + 1);
    }
    renderMapping(withHeader ? state.columns : state.columns.map((_, i) => String(i + 1)), guessed);
  });
  for (const id of ['delimiter', 'dateFormat', 'decimalSeparator', 'encoding', 'header']) {
    $(`#${id}`).addEventListener('change', () => validate());
  }
  $('#upload-form').addEventListener('submit', submit);
  renderMapping([], {});
  validate();
  startBoard();
}

setUp();
