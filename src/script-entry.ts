// The shared ending of the `npm run db:* / data:*` scripts: when the file is the one node was
// started with, load .env, run, exit with the script's code, and turn an unexpected error into one
// line on stderr (no stack trace for an operator to read through).

import { readEnvironment } from './config.ts';

/** True when `moduleUrl` (the caller's import.meta.url) is the file node was asked to run. */
export const isScriptEntry = (moduleUrl: string): boolean => moduleUrl === `file://${process.argv[1]}`;

export function runScript(name: string, run: (args: string[], env: NodeJS.ProcessEnv) => Promise<number>): void {
  run(process.argv.slice(2), readEnvironment()).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name} stopped: ${(error as Error)?.message ?? error}\n`);
      process.exit(1);
    },
  );
}
