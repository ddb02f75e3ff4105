// Test support: the real local stack (broker + processor + gateway) as a child process, a TCP proxy that can drop
// every connection, HS256 tokens, uploads over HTTP, and polling helpers.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const moduleDir = path.resolve(here, '..', '..');
export const repoRoot = path.resolve(moduleDir, '..', '..');
export const localStackJar = path.join(repoRoot, 'modules', 'local-stack', 'target', 'local-stack.jar');
export const sampleCsv = path.join(repoRoot, 'modules', 'local-stack', 'sample', 'sales.csv');
export const SAMPLE_MAPPING = { date: 'fecha', product: 'producto', quantity: 'cantidad', amount: 'total' };

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor(what, check, { timeoutMs = 60000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function listenOn(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      server.close(() => resolve(actual));
    });
  });
}

/** A free port, and (pair) the next one free too (Kafka's controller takes port + 1). */
export async function freePort(pair = false) {
  for (let i = 0; i < 50; i++) {
    const port = await listenOn(0);
    if (port && (!pair || (port < 65535 && (await listenOn(port + 1))))) return port;
  }
  throw new Error('no free port');
}

/**
 * An HS256 JWT signed with the stack's secret (the secret's UTF-8 bytes are the key, as the local stack does), with the
 * issuer and audience the local stack's gateway requires (its JWT_ISSUER / JWT_AUDIENCE).
 */
export function signToken(secret, claims) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: 'upload-pipeline-dev', aud: 'upload-pipeline', iat: now, exp: now + 3600, ...claims };
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('base64url')}`;
}

/**
 * Starts `java -jar local-stack.jar` on free ports with its own data directory and waits until the gateway is ready.
 * With GATEWAY_URL and STACK_DATA_DIR set (a stack started by a wrapper), uses that stack instead.
 */
export async function startStack() {
  if (process.env.GATEWAY_URL && process.env.STACK_DATA_DIR) {
    return stackInfo(process.env.GATEWAY_URL, process.env.STACK_DATA_DIR, async () => {});
  }
  if (!existsSync(localStackJar)) {
    throw new Error(`${localStackJar} is missing: build first (mvn -B -q -DskipTests install)`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'client-js-stack-'));
  const kafkaPort = await freePort(true);
  const gatewayPort = await freePort();
  const logDir = path.join(moduleDir, 'target');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `local-stack-${gatewayPort}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(
    'java',
    ['-jar', localStackJar, '--data-dir', dataDir, '--kafka-port', String(kafkaPort), '--gateway-port', String(gatewayPort)],
    { stdio: ['ignore', out, out] },
  );
  let exited = null;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      'the local stack to start (log: ' + logFile + ')',
      async () => {
        if (exited) throw new Error(`local stack exited early (${JSON.stringify(exited)}); see ${logFile}`);
        if (!existsSync(path.join(dataDir, 'demo-token'))) return false;
        const response = await fetch(`${gatewayUrl}/actuator/health/readiness`);
        return response.status === 200;
      },
      { timeoutMs: 180000, intervalMs: 250 },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return stackInfo(gatewayUrl, dataDir, stop);
}

function stackInfo(gatewayUrl, dataDir, stop) {
  const secret = readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim();
  return {
    gatewayUrl,
    dataDir,
    token: readFileSync(path.join(dataDir, 'demo-token'), 'utf8').trim(),
    secret,
    sign: (claims) => signToken(secret, claims),
    stop,
  };
}

/** POST /api/uploads with a text/csv body; returns the 202 body ({ uploadId, status, websocket }). */
export async function upload(gatewayUrl, token, csv, params = SAMPLE_MAPPING) {
  const response = await fetch(`${gatewayUrl}/api/uploads?${new URLSearchParams(params)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
    body: csv,
  });
  const body = await response.json();
  if (response.status !== 202) throw new Error(`upload refused: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** A sales CSV of `rows` rows in the sample's columns, with one invalid quantity every 1000 rows. */
export function generateCsv(rows) {
  const lines = ['fecha,producto,cantidad,total'];
  for (let i = 1; i <= rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const quantity = i % 1000 === 0 ? 'abc' : String((i % 7) + 1);
    lines.push(`2026-11-${day},Product ${i % 50},${quantity},${((i % 90) + 10).toFixed(2)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A TCP proxy in front of the gateway: `dropAll()` destroys every open connection at once (a network failure as the
 * client sees it: no close frame), while new connections still go through.
 */
export async function startProxy(targetPort, targetHost = '127.0.0.1') {
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    url: `http://127.0.0.1:${server.address().port}`,
    dropAll() {
      const count = sockets.size;
      for (const socket of [...sockets]) socket.destroy();
      return count / 2;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
