// Worker-thread entry for the workbench's renders: registers tsx's loader (we run TypeScript
// without a build), then renders one job at a time, in the order they come.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderPacketText } = await import('./render-job.ts');
let chain = Promise.resolve();
parentPort.on('message', (job) => {
  chain = chain.then(async () => {
    const result = await renderPacketText(job);
    const transfer = result.ok ? result.files.map((f) => f.bytes.buffer) : [];
    parentPort.postMessage(result, transfer);
  });
});
parentPort.postMessage({ ready: true });
