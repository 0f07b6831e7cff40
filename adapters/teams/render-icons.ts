// Renders the Teams app icons from their SVG sources. Run once after editing an SVG and commit
// the PNGs: `npx tsx adapters/teams/render-icons.ts`. Teams wants color.png at 192×192 (full
// colour) and outline.png at 32×32 (white on a transparent background).

import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const dir = path.join(import.meta.dirname, 'appPackage');

export function renderIcon(svgFile: string, pngFile: string, size: number): void {
  const svg = fs.readFileSync(path.join(dir, svgFile), 'utf8');
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
  fs.writeFileSync(path.join(dir, pngFile), png);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  renderIcon('color.svg', 'color.png', 192);
  renderIcon('outline.svg', 'outline.png', 32);
  process.stdout.write(`Rendered color.png and outline.png in ${dir}\n`);
}
