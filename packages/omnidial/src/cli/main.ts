#!/usr/bin/env node
/**
 * Entry point of the `omnidial` command. See `omnidial --help` and docs/guide/cli.md.
 * @packageDocumentation
 */
import module from 'node:module';

// V8's code cache on disk (Node >= 22.1): later starts skip compiling the CLI's modules (ADR 0300).
// Enabled before the CLI itself is imported, so that its modules are the ones cached.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { run } = await import('./run.js');

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
