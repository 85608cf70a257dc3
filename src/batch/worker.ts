/**
 * Worker-thread entry for batch rendering, as compiled into dist/batch/worker.js: imports the job
 * module once and warms fonts and templates before the first task. (Under vitest the sources run
 * through worker.mjs, which registers tsx first and then loads this file.)
 */
import { workerData } from 'node:worker_threads';
import { runPacketTask, warmUp, type WorkerOptions } from './job.ts';

warmUp((workerData ?? {}) as WorkerOptions);

/** Piscina calls this once per packet. */
export default runPacketTask;
