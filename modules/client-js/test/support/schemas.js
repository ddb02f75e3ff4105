// Test support: the contract's JSON Schemas (progress-protocol's resources, draft 2020-12), read from the source tree
// so the tests check against the same files the Java side is built with.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { repoRoot } from './stack.js';

export const schemaDir = path.join(repoRoot, 'modules', 'progress-protocol', 'src', 'main', 'resources', 'schemas');

// Ajv's default strictSchema stays on: an unknown keyword or format in a schema is an error, not a silently ignored
// constraint. strictTypes is a style lint that refuses valid idioms the contract uses ("pattern" under an if/then
// without its own "type"), so it is off. allErrors: report everything wrong with a message at once.
const ajv = new Ajv2020({ strictTypes: false, allErrors: true });
// Some schemas of the directory (not the ws-* ones today) use "format": "date-time"; strict mode refuses unknown formats.
addFormats(ajv);

/** Every schema of the directory, by file name; all are registered so a $ref between them resolves. */
export const schemas = Object.fromEntries(
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(path.join(schemaDir, f), 'utf8'))]),
);
for (const [file, schema] of Object.entries(schemas)) {
  // $refs between the files resolve against $id, so a schema without one could not be referred to.
  if (!schema.$id) throw new Error(`${file} has no $id`);
  ajv.addSchema(schema);
}

/**
 * Server → client message type → its schema file and compiled validator. The type comes from each ws-*.schema.json's
 * own `"type": {"const": ...}`, so the map is the contract's list of message types, not a copy of it.
 * Compiling every schema here (not on first use) makes a broken one or an unresolvable $ref fail every test at once.
 */
const validators = new Map();
for (const [file, schema] of Object.entries(schemas)) {
  const validate = ajv.getSchema(schema.$id);
  if (!file.startsWith('ws-')) continue;
  const type = schema.properties?.type?.const;
  if (typeof type !== 'string') throw new Error(`${file} does not pin properties.type to a const`);
  validators.set(type, { file, validate });
}

/** The message types the contract defines (authenticated, status, progress, error, complete, pong). */
export const serverMessageTypes = [...validators.keys()].sort();

/**
 * Throws unless `message` is a server → client message that its type's schema accepts. The error names the type,
 * every schema error (instancePath and message) and the message itself.
 * @param {unknown} message a parsed WebSocket frame
 */
export function assertValidServerMessage(message) {
  const type = message?.type;
  const entry = typeof type === 'string' ? validators.get(type) : undefined;
  if (!entry) {
    throw new Error(
      `server message of unknown type ${JSON.stringify(type)} (the contract has ${serverMessageTypes.join(', ')}): ` +
        JSON.stringify(message),
    );
  }
  const { file, validate } = entry;
  if (!validate(message)) {
    const errors = validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new Error(`server message of type "${type}" breaks ${file}: ${errors}: ${JSON.stringify(message)}`);
  }
}
