/**
 * Worker-thread entry for the workbench's renders, as compiled into dist/serve/render-worker.js:
 * renders one job at a time, in the order they come, and posts the files back (their buffers
 * moved, not copied). Under vitest and tsx the sources run through render-worker.mjs, which
 * registers tsx first and then loads this file.
 */
import { parentPort } from 'node:worker_threads';
import { renderPacketText, type RenderJob } from './render-job.ts';

let chain: Promise<void> = Promise.resolve();
parentPort!.on('message', (job: RenderJob) => {
  chain = chain.then(async () => {
    const result = await renderPacketText(job);
    const transfer = result.ok ? result.files.map((f) => f.bytes.buffer as ArrayBuffer) : [];
    parentPort!.postMessage(result, transfer);
  });
});
parentPort!.postMessage({ ready: true });
