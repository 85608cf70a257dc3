// Worker-thread entry when the TypeScript sources run (vitest, tsx): registers tsx's loader in
// this worker only (tsx is a devDependency), then loads worker.ts. An installed package runs the
// compiled dist/batch/worker.js instead and never loads tsx.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');

/** Piscina calls this once per packet. */
export default worker.default;
