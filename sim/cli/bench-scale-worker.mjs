// Scale bench thread entry: loads the TypeScript worker through tsx's loader (as bin.mjs does).
import { register } from 'tsx/esm/api';

register();
await import('./bench-scale-worker.ts');
