// Worker-thread entry for batch rendering: registers tsx's loader (we run TypeScript without a
// build), imports the job module once, and warms fonts and templates before the first task.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const job = await import('./job.ts');
job.warmUp(workerData ?? {});

/** Piscina calls this once per packet. */
export default job.runPacketTask;
