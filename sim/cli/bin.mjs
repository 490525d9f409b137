#!/usr/bin/env node
// The zksim command: loads the TypeScript entry point through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
