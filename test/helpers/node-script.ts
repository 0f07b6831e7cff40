// How to run one of the project's TypeScript entry points in a child process: through tsx when this
// code runs from sources (the tests), as compiled JavaScript from dist/ when it runs compiled (the
// benchmark, so it measures what `npm start` runs).
import path from 'node:path';

const here = import.meta.dirname; // <root>/test/helpers, or <root>/dist/test/helpers
export const COMPILED = here.split(path.sep).includes('dist');
export const ROOT = path.resolve(here, COMPILED ? '../../..' : '../..');

/** Node arguments that run `script` (a path like 'src/main.ts', relative to the root). */
export function nodeArgsFor(script: string): string[] {
  return COMPILED ? ['--enable-source-maps', path.join(ROOT, 'dist', script.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', script];
}
