// The repository root, whether this code runs from TypeScript sources (src/) or compiled (dist/src/),
// for files that ship beside the code (the chart font).
import path from 'node:path';

const here = import.meta.dirname; // <root>/src, or <root>/dist/src when compiled
export const PROJECT_ROOT = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');
