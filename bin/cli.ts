#!/usr/bin/env node
import { run } from '../src/cli/main';

await run(process.argv.slice(2));
