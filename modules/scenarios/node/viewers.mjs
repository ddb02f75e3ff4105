// Viewers on client-js, the project's browser/Node client, for the fault scenarios (GatewayScenarios).
// Usage: node viewers.mjs <gatewayUrl> <timeoutMs> <uploadId>=<token> [<uploadId>=<token> ...]
// Prints one JSON line when every viewer has ended (or the timeout passed): what each one saw, for the Java side
// to check (complete reached, no state seen twice, no status going back).
import { UploadProgressClient } from '../../client-js/src/index.js';
import { WebSocket } from '../../client-js/node_modules/ws/wrapper.mjs';

const [gatewayUrl, timeoutMs, ...viewers] = process.argv.slice(2);
const RANK = { pending: 0, validating: 1, processing: 2, completed: 3, failed: 3 };

const results = await Promise.all(viewers.map((pair) => {
  const [uploadId, token] = pair.split('=');
  return new Promise((resolve) => {
    const seen = { uploadId, completed: false, processedRows: null, repeated: 0, backwards: 0, connections: 0 };
    let lastSeq = 0;
    let lastRank = -1;
    const client = new UploadProgressClient({ uploadId, token, baseUrl: gatewayUrl, WebSocket, initialDelay: 200, maxDelay: 3200 });
    client.on('open', () => { seen.connections += 1; });
    client.on('message', (message) => {
      if (typeof message.seq === 'number') {
        // A finished snapshot arrives as status then complete, both with its seq.
        if (message.seq <= lastSeq && !(message.seq === lastSeq && message.type === 'complete')) seen.repeated += 1;
        lastSeq = Math.max(lastSeq, message.seq);
      }
      if (message.type === 'status' && message.status in RANK) {
        if (RANK[message.status] < lastRank) seen.backwards += 1;
        lastRank = Math.max(lastRank, RANK[message.status]);
      }
    });
    const timer = setTimeout(() => { client.close(); resolve(seen); }, Number(timeoutMs));
    client.on('end', ({ reason, state }) => {
      clearTimeout(timer);
      seen.completed = reason === 'completed';
      seen.processedRows = state.results ? state.results.processed_rows : null;
      resolve(seen);
    });
    client.connect();
  });
}));
console.log(JSON.stringify(results));
