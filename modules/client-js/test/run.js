// `npm test`: starts ONE real local stack (java -jar local-stack.jar on free ports, own temp data dir), runs every
// test file against it with Node's test runner, then stops the stack with SIGTERM. Test files started alone
// (node --test test/x.test.js) start a stack of their own instead.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { startStack } from './support/stack.js';

const args = process.argv.slice(2);
const files = args.length ? args : readdirSync('test').filter((f) => f.endsWith('.test.js')).sort().map((f) => `test/${f}`);
const stack = await startStack();
console.log(`local stack ready at ${stack.gatewayUrl} (data ${stack.dataDir})`);
let code = 1;
try {
  code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--test', '--test-concurrency=1', ...files],
      { stdio: 'inherit', env: { ...process.env, GATEWAY_URL: stack.gatewayUrl, STACK_DATA_DIR: stack.dataDir } },
    );
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
} finally {
  console.log('stopping the local stack (SIGTERM)');
  await stack.stop();
}
process.exit(code);
