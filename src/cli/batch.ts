/** `jixiao batch`: many packets in parallel (the work is in src/batch/command.ts). */
export { cmdBatch as run, type BatchCliOptions } from '../batch/command.ts';
