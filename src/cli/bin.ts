#!/usr/bin/env node
/** The `jixiao` executable (package.json `bin`): runs the CLI and exits with its status. */
import { main } from './main.ts';

process.exit(await main(process.argv.slice(2)));
