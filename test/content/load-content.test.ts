import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentError, loadContent, type Content } from '../../src/content/load-content.ts';
import { THEMES, type Principle } from '../../src/content/content-schema.ts';

const contentDir = fileURLToPath(new URL('../../content/', import.meta.url));
const exampleFile = path.join(contentDir, 'examples', 'team-principles.example.json');

const load = (): Content => loadContent({ dir: contentDir });
const byText = (content: Content, fragment: string): Principle => {
  const found = content.principles.filter((p) => p.text.includes(fragment));
  expect(found, `one item containing "${fragment}"`).toHaveLength(1);
  return found[0]!;
};
/** Every piece of prose a person will read, from every collection. */
const allProse = (content: Content): string[] => [
  ...content.principles.flatMap((p) => [p.text, p.howToUse, p.author ?? '', p.authorRole ?? '', p.source ?? '']),
  content.poem.title,
  content.poem.attribution,
  content.poem.introduction ?? '',
  ...content.poem.lines.flatMap((l) => [l.text, ...l.questions]),
  ...content.actions.flatMap((a) => [a.text, a.tip]),
];
const contentJsonFiles = (): string[] => [
  ...readdirSync(contentDir).filter((f) => f.endsWith('.json')).map((f) => path.join(contentDir, f)),
  exampleFile,
];

// Temporary content directories, each a copy of the real content that a test then breaks.
const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function copyOfContent(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'service-coach-content-'));
  tempDirs.push(dir);
  for (const file of ['principles.json', 'poem.json', 'actions.json']) cpSync(path.join(contentDir, file), path.join(dir, file));
  return dir;
}
function editJson(file: string, edit: (data: any) => unknown): void {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const replaced = edit(data);
  writeFileSync(file, JSON.stringify(replaced === undefined ? data : replaced, null, 2));
}
function loadError(options: { dir: string; extraFile?: string }): ContentError {
  try {
    loadContent(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return error as ContentError;
  }
  throw new Error('expected loadContent to throw');
}

describe('the built-in deck', () => {
  it('loads, with about 70–90 principles, the 11 poem lines in order and the 10 actions by rank', () => {
    const content = load();
    expect(content.principles.length).toBeGreaterThanOrEqual(70);
    expect(content.principles.length).toBeLessThanOrEqual(90);
    expect(content.poem.lines.map((l) => l.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(content.actions.map((a) => a.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('has ids that are unique across principles, poem lines and actions, and kebab-case', () => {
    const content = load();
    const ids = [...content.principles.map((p) => p.id), ...content.poem.lines.map((l) => l.id), ...content.actions.map((a) => a.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('contains no mojibake in any content file', () => {
    for (const file of contentJsonFiles()) {
      const raw = readFileSync(file, 'utf8');
      for (const bad of ['â€', 'Ã', '†', '\uFFFD']) expect(raw.includes(bad), `${bad} in ${file}`).toBe(false);
    }
  });

  it('contains none of the blog chrome or spam from the seeds', () => {
    for (const file of contentJsonFiles()) {
      const raw = readFileSync(file, 'utf8');
      const chrome = [/subscribe/i, /\bSEO\b/i, /payday/i, /akismet/i, /comment/i, /showing posts/i, /\(Atom\)/i, /workshop/i, /notify of/i, /article rating/i, /\bloans?\b/i];
      for (const bad of chrome) expect(raw, `${bad} in ${file}`).not.toMatch(bad);
    }
  });

  it('has no line twice, even where the seeds repeat one', () => {
    const content = load();
    const texts = content.principles.map((p) => p.text.toLowerCase().replace(/\s+/g, ' '));
    expect(new Set(texts).size).toBe(texts.length);
    expect(content.principles.filter((p) => p.text.includes('put my best self forward'))).toHaveLength(1);
    expect(content.principles.filter((p) => p.text.includes('one way to pay it forward'))).toHaveLength(1);
    expect(content.principles.filter((p) => p.text.includes('Very few organizations know they are in Customer Service'))).toHaveLength(1);
  });

  it('uses typographic apostrophes and quotes and has the seed typos fixed', () => {
    const prose = allProse(load()).join('\n');
    expect(prose).not.toMatch(/['"]/);
    for (const typo of ['opinons', 'Jan Carlson', 'it that needs', 'customer’s say', 'customer’s experience your', 'i am no longer']) {
      expect(prose.includes(typo), typo).toBe(false);
    }
  });

  it('names the authors the seeds name, spelled correctly', () => {
    const content = load();
    expect(byText(content, 'A Moment of Truth is that moment').author).toBe('Jan Carlzon');
    expect(byText(content, 'Talent is cheaper than table salt').author).toBe('Stephen King');
    expect(byText(content, 'Customer loyalty is priceless').author).toBe('Jeffrey Gitomer');
    expect(byText(content, 'Nothing is so contagious as enthusiasm').author).toBe('Samuel Taylor Coleridge');
    expect(byText(content, 'Those who complain teach me').author).toBe('Marshall Field');
    expect(byText(content, 'A Customer is not an interruption of our work').author).toBe('Michael LeBoeuf');
    expect(byText(content, 'To earn your customers’ trust, first earn your employees’ trust').author).toBe('Don Peppers & Martha Rogers');
  });

  it('leaves the author out of the tweets rather than inventing one', () => {
    const tweets = load().principles.filter((p) => p.kind === 'tweet');
    expect(tweets.length).toBeGreaterThanOrEqual(19);
    for (const tweet of tweets) expect(tweet.author, tweet.id).toBeUndefined();
  });

  it('files the 12 laws as laws and the 3 rules to break as rule-to-break, never as advice', () => {
    const content = load();
    expect(content.principles.filter((p) => p.kind === 'law')).toHaveLength(12);
    const rules = content.principles.filter((p) => p.kind === 'rule-to-break');
    expect(rules).toHaveLength(3);
    expect(byText(content, 'you can always get more customers').kind).toBe('rule-to-break');
    expect(byText(content, 'measure of success is current sales and profit').kind).toBe('rule-to-break');
  });

  it('gives every item a theme from the list, a short how-to-use line and a seed', () => {
    const content = load();
    const used = new Set<string>();
    for (const p of content.principles) {
      expect(p.themes.length, p.id).toBeGreaterThan(0);
      p.themes.forEach((t) => used.add(t));
      expect(p.howToUse.length, p.id).toBeLessThanOrEqual(140);
      expect(p.seed, p.id).toMatch(/^00[0-4]_[0-9a-f]{16}\.txt$/);
      expect(p.custom, p.id).toBeUndefined();
    }
    // A theme nothing uses would be an empty filter for teams.
    expect([...THEMES].filter((t) => !used.has(t))).toEqual([]);
  });

  it('has the poem with capital “I”, and 2–3 discussion questions per line', () => {
    const { poem } = load();
    expect(poem.title).toBe('I am your customer');
    expect(poem.attribution).toContain('Brett Lowe');
    expect(poem.lines[0]!.text).toMatch(/^I am no longer an idiot\./);
    expect(poem.lines[2]!.text).toMatch(/^I am fully aware/);
    for (const line of poem.lines) {
      expect(line.questions.length, line.id).toBeGreaterThanOrEqual(2);
      expect(line.questions.length, line.id).toBeLessThanOrEqual(3);
      for (const q of line.questions) expect(q, line.id).toMatch(/\?$/);
    }
  });

  it('has the 10 actions with a callback tip each, calling back when promised first', () => {
    const { actions } = load();
    expect(actions[0]!.text).toBe('Calling back when promised');
    expect(actions[5]!.text).toMatch(/how long it will take/);
    expect(actions[5]!.tip).toMatch(/how long/i);
    for (const action of actions) expect(action.tip.length, action.id).toBeGreaterThan(10);
  });
});

describe('broken content stops the load', () => {
  it('names the file, the item and the problem', () => {
    const dir = copyOfContent();
    const file = path.join(dir, 'principles.json');
    let id = '';
    editJson(file, (data) => {
      id = data.items[4].id;
      data.items[4].themes = [];
    });
    const error = loadError({ dir });
    expect(error.code).toBe('CONTENT_INVALID');
    expect(error.message).toContain(`${file}: item "${id}": "themes" must have at least one theme`);
    expect(error.problems).toContainEqual({ file, item: id, problem: '"themes" must have at least one theme' });
  });

  it('reports every problem at once, across files', () => {
    const dir = copyOfContent();
    editJson(path.join(dir, 'principles.json'), (data) => {
      data.items[0].kind = 'motto';
      delete data.items[1].id;
    });
    editJson(path.join(dir, 'actions.json'), (data) => {
      data.actions[3].rank = 3;
    });
    editJson(path.join(dir, 'poem.json'), (data) => {
      data.lines[0].questions = ['Only one?'];
    });
    const error = loadError({ dir });
    expect(error.message).toMatch(/principles\.json: item "[a-z0-9-]+": "kind" is "motto", which is not allowed/);
    expect(error.message).toMatch(/principles\.json: items\[1\]: "id" is required/);
    expect(error.message).toMatch(/actions\.json: item "[a-z0-9-]+": "rank" 3 is already used/);
    expect(error.message).toMatch(/poem\.json: item "[a-z0-9-]+": "questions" must have at least 2 questions/);
    // Two ranks of 3 also leave rank 4 missing: both are reported, so whoever fixes it sees why.
    expect(error.message).toMatch(/actions\.json: "actions" must be numbered 1 to 10 by "rank" with no gaps \(missing 4\)/);
    expect(error.problems).toHaveLength(5);
  });

  it('reports a JSON syntax error with the file name', () => {
    const dir = copyOfContent();
    const file = path.join(dir, 'poem.json');
    writeFileSync(file, '{ "title": "I am your customer",\n  "lines": [,] }');
    const error = loadError({ dir });
    expect(error.message).toContain(`${file}: is not valid JSON`);
  });

  it('reports a missing built-in file', () => {
    const dir = copyOfContent();
    rmSync(path.join(dir, 'actions.json'));
    expect(loadError({ dir }).message).toContain(`${path.join(dir, 'actions.json')}: file not found`);
  });

  it('refuses garbled text from a file saved in the wrong encoding', () => {
    const dir = copyOfContent();
    editJson(path.join(dir, 'principles.json'), (data) => {
      data.items[0].text = 'Donâ€™t work to satisfy customers.';
    });
    expect(loadError({ dir }).message).toMatch(/"text" contains garbled characters/);
  });
});

describe("a team's extra file", () => {
  it('appends the example file’s items after the built-in deck, marked custom', () => {
    const builtIn = load().principles;
    const content = loadContent({ dir: contentDir, extraFile: exampleFile });
    const example = JSON.parse(readFileSync(exampleFile, 'utf8')).items as { id: string }[];
    expect(example).toHaveLength(2);
    expect(content.principles).toHaveLength(builtIn.length + 2);
    expect(content.principles.slice(0, builtIn.length)).toEqual(builtIn);
    const added = content.principles.slice(builtIn.length);
    expect(added.map((p) => p.id)).toEqual(example.map((i) => i.id));
    for (const p of added) {
      expect(p.custom).toBe(true);
      expect(p.seed).toBeUndefined();
    }
  });

  it('may not reuse a built-in id', () => {
    const dir = copyOfContent();
    const builtInId = load().principles[0]!.id;
    const extraFile = path.join(dir, 'team.json');
    writeFileSync(
      extraFile,
      JSON.stringify({ items: [{ id: builtInId, kind: 'tip', text: 'Our own words.', themes: ['trust'], howToUse: 'Use them today.' }] }),
    );
    const error = loadError({ dir: contentDir, extraFile });
    expect(error.message).toContain(`${extraFile}: item "${builtInId}": "id" is already used`);
  });

  it('may not repeat a built-in text or claim a seed', () => {
    const dir = copyOfContent();
    const extraFile = path.join(dir, 'team.json');
    writeFileSync(
      extraFile,
      JSON.stringify({
        items: [
          { id: 'team-loyalty', kind: 'quote', text: 'Customer satisfaction is worthless. Customer loyalty is priceless.', themes: ['loyalty'], howToUse: 'Ask why they stay.' },
          { id: 'team-seeded', kind: 'tip', text: 'Something new.', seed: '000_3ec6901568891c2b.txt', themes: ['trust'], howToUse: 'Try it.' },
        ],
      }),
    );
    const error = loadError({ dir: contentDir, extraFile });
    expect(error.message).toMatch(/item "team-loyalty": "text" repeats item "[a-z0-9-]+"/);
    expect(error.message).toMatch(/item "team-seeded": has an unknown field "seed"/);
  });

  it('must be an object with "items", not a bare list', () => {
    const dir = copyOfContent();
    const extraFile = path.join(dir, 'team.json');
    writeFileSync(extraFile, JSON.stringify([{ id: 'team-x', kind: 'tip', text: 'x', themes: ['trust'], howToUse: 'y' }]));
    expect(loadError({ dir: contentDir, extraFile }).message).toContain(`${extraFile}: must contain a JSON object with "items"`);
  });

  it('is reported clearly when it does not exist', () => {
    const extraFile = path.join(os.tmpdir(), 'service-coach-no-such-file.json');
    const error = loadError({ dir: contentDir, extraFile });
    expect(error.problems).toEqual([{ file: extraFile, problem: expect.stringContaining('not found') }]);
  });
});
