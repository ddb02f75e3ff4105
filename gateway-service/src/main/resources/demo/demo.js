// The demo page: choose or drop a CSV, map its columns, upload it, and follow each upload with client-js.
// client/index.js is modules/client-js/src/index.js, packed into the gateway by its build (gateway-service/pom.xml).
import { UploadProgressClient } from './client/index.js';

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
    select.addEventListener('change', validate);
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

function validate() {
  const values = formValues();
  let problem = null;
  if (!state.file) problem = 'Choose a CSV file first.';
  else if (!$('#token').value.trim()) problem = 'Paste a token first.';
  else if (FIELDS.some((f) => f.required && !values[f.name])) problem = 'Map the date, product and quantity columns.';
  else if (!values.amount && !values.unitPrice) problem = 'Map either the line total or the unit price.';
  $('#upload').disabled = problem !== null;
  $('#form-message').textContent = problem ?? `Ready to upload ${state.file.name}.`;
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
    $('#form-message').textContent = `Upload ${answer.uploadId} accepted; watching it below.`;
    watch(answer.uploadId, state.file.name, token);
  } catch (e) {
    $('#form-message').textContent = `Upload failed: ${e.message}`;
  } finally {
    validate();
  }
}

/** One card per upload, driven by its own UploadProgressClient. */
function watch(uploadId, fileName, token) {
  const card = $('#upload-template').content.firstElementChild.cloneNode(true);
  card.dataset.uploadId = uploadId;
  card.dataset.connections = '0';
  $('.upload-title', card).textContent = fileName;
  $('.upload-id', card).textContent = uploadId;
  $('#no-uploads').hidden = true;
  $('#uploads').prepend(card);

  const client = new UploadProgressClient({ uploadId, token });
  const speed = { since: null, rowsAtStart: 0 };
  client.on('open', ({ connection }) => {
    card.dataset.connections = String(connection);
  });
  client.on('close', ({ willReconnect, delay }) => {
    const label = $('.connection', card);
    label.className = 'connection down';
    label.textContent = willReconnect ? `connection lost, retrying in ${(delay / 1000).toFixed(1)} s…` : 'closed';
  });
  client.on('state', (s) => render(card, s, speed));
  client.on('complete', () => loadAggregates(card, uploadId, token));
}

function render(card, s, speed) {
  const label = $('.connection', card);
  if (s.connected) {
    label.className = 'connection live';
    label.textContent = 'live';
  } else if (s.status === 'completed' || s.status === 'failed') {
    label.className = 'connection';
    label.textContent = 'done';
  }
  const status = s.status ?? 'pending';
  card.dataset.status = status;
  card.classList.toggle('completed', status === 'completed');
  card.classList.toggle('failed', status === 'failed');
  const percent = Math.round(s.percent * 10) / 10;
  $('.stage', card).textContent = status;
  $('.percent', card).textContent = `${percent} %`;
  const bar = $('.bar', card);
  bar.setAttribute('aria-valuenow', String(percent));
  bar.setAttribute('aria-valuetext', `${status}, ${percent} percent`);
  $('.bar-fill', card).style.width = `${percent}%`;
  $('.rows', card).textContent = `${s.rowsProcessed.toLocaleString('en')}${s.totalRows != null ? ` of ${s.totalRows.toLocaleString('en')}` : ''} rows`;
  if (status === 'processing' && speed.since === null) {
    speed.since = performance.now();
    speed.rowsAtStart = s.rowsProcessed;
    speed.percentAtStart = s.percent;
  }
  if (speed.since !== null && status === 'processing') {
    const seconds = (performance.now() - speed.since) / 1000;
    const rate = seconds > 0 ? (s.rowsProcessed - speed.rowsAtStart) / seconds : 0;
    $('.rate', card).textContent = `${Math.round(rate).toLocaleString('en')} rows/s`;
    const percentRate = seconds > 0 ? (s.percent - speed.percentAtStart) / seconds : 0;
    const remaining = s.totalRows != null && rate > 0 ? (s.totalRows - s.rowsProcessed) / rate
      : percentRate > 0 ? (100 - s.percent) / percentRate : null;
    $('.eta', card).textContent = remaining == null ? 'ETA –' : `ETA ${formatSeconds(remaining)}`;
  }
  if (status === 'completed' || status === 'failed') $('.eta', card).textContent = 'finished';
  $('.message', card).textContent = s.message ?? '';
  if (s.error) {
    const failure = $('.failure', card);
    failure.hidden = false;
    failure.textContent = `${s.error.message}${s.error.details ? `: ${s.error.details}` : ''}${s.error.code ? ` (close code ${s.error.code})` : ''}`;
  }
  if (s.results && $('.results', card).hidden) renderResults(card, s.results);
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

async function loadAggregates(card, uploadId, token) {
  const chart = $('.daily .chart', card);
  chart.textContent = 'Loading…';
  try {
    const response = await fetch(`/api/demo/uploads/${encodeURIComponent(uploadId)}/aggregates`, {
      headers: { Authorization: `Bearer ${token}` },
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
  tokenField.addEventListener('input', () => {
    sessionStorage.setItem('demo-token', tokenField.value.trim());
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
    $(`#${id}`).addEventListener('change', validate);
  }
  $('#upload-form').addEventListener('submit', submit);
  renderMapping([], {});
  validate();
}

setUp();
