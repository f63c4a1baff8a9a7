#!/usr/bin/env node
/**
 * Entry point of the `omnidial` command. See `omnidial --help` and docs/guide/cli.md.
 * @packageDocumentation
 */
import { run } from './run.js';

let interrupts = 0;
const code = await run(process.argv.slice(2), {
  onInterrupt(handler) {
    process.on('SIGINT', () => {
      interrupts += 1;
      if (interrupts > 1) process.exit(130);
      handler();
    });
  },
});
process.stdout.write('', () => process.exit(code));
