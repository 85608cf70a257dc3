// Worker-thread entry when the TypeScript sources run (vitest, tsx): registers tsx's loader in
// this worker only (tsx is a devDependency), then loads render-worker.ts. An installed package
// runs the compiled dist/serve/render-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
