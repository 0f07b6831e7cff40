// The README promises a deck of a certain size: the number it says is the deck's own.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load-content.ts';

describe('README', () => {
  it('says how many principles the deck really has', () => {
    const readme = fs.readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const content = loadContent({ dir: fileURLToPath(new URL('../../content/', import.meta.url)) });
    expect(readme).toContain(`curated deck of ${content.principles.length} tweets, laws, tips and quotes`);
    expect(readme).not.toMatch(/\d+-odd/);
  });
});
