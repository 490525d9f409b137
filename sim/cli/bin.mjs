#!/usr/bin/env node
// The zksim command: loads the TypeScript entry point through tsx's loader.
import { register } from 'tsx/esm/api';

// A reader that stops early (zksim ... | head) closes the pipe: stop quietly, not with a stack.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
