// Compile the TypeScript to dist/ only when a source is newer than the last build, so `npm start`
// runs plain JavaScript (about 50 MB less memory than compiling on the fly) without a slow build
// on every start. Plain JavaScript itself: it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// `--out-dir DIR` builds elsewhere than dist/ (the npm start test builds into a temporary folder,
// so running the tests never writes into the checkout).
const outFlag = process.argv.indexOf('--out-dir');
const outDir = outFlag === -1 ? path.join(root, 'dist') : path.resolve(process.argv[outFlag + 1] ?? '');
const stamp = path.join(outDir, '.tsbuildinfo');
const sources = ['src', 'adapters', 'bench', 'test/helpers'];
const configs = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const newest = Math.max(...sources.map((dir) => newestIn(path.join(root, dir))), ...configs.map((file) => fs.statSync(path.join(root, file)).mtimeMs));
if (newest > built) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', outDir, '--tsBuildInfoFile', stamp], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // tsc leaves the build info untouched when nothing changed; mark this check as done.
  const now = new Date();
  fs.utimesSync(stamp, now, now);
}
