// Reads and checks the coaching content once, at startup. Everything is validated before anything is
// returned, and every problem is reported in one error: whoever edits a JSON file (often a team lead,
// not a developer) should be able to fix all their mistakes from a single failed start, not one per
// restart.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CodedError } from '../errors.ts';
import {
  ActionsFileSchema,
  BuiltInPrincipleSchema,
  ExtraFileSchema,
  ExtraPrincipleSchema,
  PoemLineSchema,
  PoemSchema,
  PrinciplesFileSchema,
  ServiceActionSchema,
  type Poem,
  type PoemLine,
  type Principle,
  type ServiceAction,
} from './content-schema.ts';

/** File names inside the content directory. */
export const CONTENT_FILES = {
  principles: 'principles.json',
  poem: 'poem.json',
  actions: 'actions.json',
} as const;

/** The validated content. Team items from the extra file come after the built-in deck, with `custom: true`. */
export interface Content {
  principles: Principle[];
  poem: Poem;
  actions: ServiceAction[];
}

/** One thing wrong with the content: the file, the item (its id, or `items[3]` if it has none) and what is wrong. */
export interface ContentProblem {
  file: string;
  item?: string;
  problem: string;
}

/** Thrown by loadContent() when any file is missing, unreadable or invalid. `message` lists every problem. */
export class ContentError extends CodedError {
  override readonly code = 'CONTENT_INVALID' as const;
  readonly problems: ContentProblem[];

  constructor(problems: ContentProblem[]) {
    super('CONTENT_INVALID', formatProblems(problems));
    this.name = 'ContentError';
    this.problems = problems;
  }
}

/**
 * Load content/principles.json, poem.json and actions.json from `dir`, plus the team's `extraFile`
 * if given. Paths in error messages are shown as they were built from `dir` and `extraFile`.
 * @throws ContentError listing every problem found.
 */
export function loadContent(options: { dir: string; extraFile?: string }): Content {
  const problems = new Problems();
  const principlesFile = path.join(options.dir, CONTENT_FILES.principles);
  const poemFile = path.join(options.dir, CONTENT_FILES.poem);
  const actionsFile = path.join(options.dir, CONTENT_FILES.actions);

  const builtIn = readItemsFile(principlesFile, readJson(principlesFile, problems, 'built-in'), problems, {
    shell: PrinciplesFileSchema.extend({ items: z.array(z.unknown()).min(1, { message: 'must have at least one item' }) }),
    listKey: 'items',
    item: BuiltInPrincipleSchema,
  });
  const poem = readItemsFile(poemFile, readJson(poemFile, problems, 'built-in'), problems, {
    shell: PoemSchema.extend({ lines: z.array(z.unknown()).min(1, { message: 'must have at least one line' }) }),
    listKey: 'lines',
    item: PoemLineSchema,
  });
  const actions = readItemsFile(actionsFile, readJson(actionsFile, problems, 'built-in'), problems, {
    shell: ActionsFileSchema.extend({ actions: z.array(z.unknown()).min(1, { message: 'must have at least one action' }) }),
    listKey: 'actions',
    item: ServiceActionSchema,
  });
  const extra =
    options.extraFile === undefined
      ? undefined
      : readItemsFile(options.extraFile, readJson(options.extraFile, problems, 'extra'), problems, {
          shell: ExtraFileSchema.extend({ items: z.array(z.unknown()) }),
          listKey: 'items',
          item: ExtraPrincipleSchema,
        });

  // Ids are checked across every file, not just within the deck: rotation state, posts and acks store
  // bare ids, so a team item that reused a built-in id would silently take over its history.
  // The extra file goes last so that, on a clash, the team item is the one reported.
  checkUniqueIds([builtIn, poem, actions, extra], problems);
  checkUniqueTexts([builtIn, extra], problems);
  if (poem) checkSequence(poem, 'order', 'lines', 'line', problems);
  if (actions) checkSequence(actions, 'rank', 'actions', 'action', problems);

  if (problems.list.length > 0 || !builtIn?.shell || !poem?.shell || !actions?.shell) {
    throw new ContentError(problems.grouped());
  }

  const principles: Principle[] = [
    ...builtIn.valid.map((entry) => entry.value),
    ...(extra?.valid ?? []).map((entry): Principle => ({ ...entry.value, custom: true })),
  ];
  const { lines: _rawLines, ...poemFields } = poem.shell;
  return {
    principles,
    poem: { ...poemFields, lines: poem.valid.map((entry) => entry.value).sort((a, b) => a.order - b.order) },
    actions: actions.valid.map((entry) => entry.value).sort((a, b) => a.rank - b.rank),
  };
}

// ---------------------------------------------------------------------------------------------------

class Problems {
  readonly list: ContentProblem[] = [];
  add(file: string, problem: string, item?: string): void {
    this.list.push(item === undefined ? { file, problem } : { file, item, problem });
  }
  /** Problems of one file together (cross-file checks run last), otherwise in the order found. */
  grouped(): ContentProblem[] {
    const files = [...new Set(this.list.map((p) => p.file))];
    return files.flatMap((file) => this.list.filter((p) => p.file === file));
  }
}

const INDEX_LABEL = /^[a-z]+\[\d+\]$/;

function formatProblems(problems: ContentProblem[]): string {
  const lines = problems.map((p) => {
    const item = p.item === undefined ? '' : INDEX_LABEL.test(p.item) ? `${p.item}: ` : `item "${p.item}": `;
    return `  ${p.file}: ${item}${p.problem}`;
  });
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `Coaching content is invalid (${count}):\n${lines.join('\n')}`;
}

function readJson(file: string, problems: Problems, role: 'built-in' | 'extra'): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      problems.add(
        file,
        role === 'extra'
          ? 'extra content file not found; check the path given in CONTENT_EXTRA_FILE'
          : 'file not found; the content directory must hold principles.json, poem.json and actions.json',
      );
    } else if (code === 'EISDIR') {
      problems.add(file, 'is a directory, not a JSON file');
    } else {
      problems.add(file, `could not be read (${code ?? String(error)})`);
    }
    return undefined;
  }
  // Editors on Windows like to add a byte-order mark, which JSON.parse rejects.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.add(file, `is not valid JSON${jsonErrorWhere(text, error)}: ${(error as Error).message}`);
    return undefined;
  }
}

/** " at line 3, column 7" from V8's "… at position 42", so the editor can jump to it. */
function jsonErrorWhere(text: string, error: unknown): string {
  const match = /position (\d+)/.exec((error as Error).message ?? '');
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

interface ItemsFile<Shell, Item> {
  file: string;
  /** The file's top-level fields once they passed validation (undefined if they did not). */
  shell: Shell | undefined;
  /** Every entry of the list, valid or not, for the cross-file checks. */
  raw: { label: string; id: string | undefined; value: unknown }[];
  valid: { label: string; value: Item }[];
}

/**
 * Validate a file in two steps: the top-level fields with the list left as unknown[], then each list
 * entry on its own. Checking entries one by one lets a problem be reported against the item's id, and
 * lets one bad item leave the others available for the cross-file checks.
 */
function readItemsFile<Shell, Item>(
  file: string,
  data: unknown,
  problems: Problems,
  spec: { shell: z.ZodType<Shell, z.ZodTypeDef, unknown>; listKey: string; item: z.ZodType<Item, z.ZodTypeDef, unknown> },
): ItemsFile<Shell, Item> | undefined {
  if (data === undefined) return undefined;
  const result: ItemsFile<Shell, Item> = { file, shell: undefined, raw: [], valid: [] };

  const shell = spec.shell.safeParse(data, { errorMap: plainErrorMap });
  if (shell.success) {
    result.shell = shell.data;
  } else {
    const rootHint = isRecord(data) ? undefined : `must contain a JSON object with "${spec.listKey}" (found ${typeName(jsonType(data))})`;
    for (const issue of shell.error.issues) problems.add(file, describeIssue(issue, rootHint));
  }

  const list = isRecord(data) ? data[spec.listKey] : undefined;
  if (!Array.isArray(list)) return result;
  list.forEach((value, index) => {
    const id = isRecord(value) && typeof value.id === 'string' && value.id.trim() !== '' ? value.id : undefined;
    const label = id ?? `${spec.listKey}[${index}]`;
    result.raw.push({ label, id, value });
    const parsed = spec.item.safeParse(value, { errorMap: plainErrorMap });
    if (parsed.success) {
      result.valid.push({ label, value: parsed.data });
    } else {
      for (const issue of parsed.error.issues) problems.add(file, describeIssue(issue), label);
    }
  });
  return result;
}

function checkUniqueIds(files: (ItemsFile<unknown, unknown> | undefined)[], problems: Problems): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    if (!file) continue;
    for (const entry of file.raw) {
      if (entry.id === undefined) continue;
      const firstFile = seen.get(entry.id);
      if (firstFile === undefined) {
        seen.set(entry.id, file.file);
      } else if (firstFile === file.file) {
        problems.add(file.file, '"id" is used by more than one item in this file; ids must be unique', entry.label);
      } else {
        problems.add(file.file, `"id" is already used by an item in ${firstFile}; pick another id`, entry.label);
      }
    }
  }
}

/** The same principle twice in one deck means the rotation posts it twice; the seeds repeat lines. */
function checkUniqueTexts(files: (ItemsFile<unknown, { text: string }> | undefined)[], problems: Problems): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    if (!file) continue;
    for (const entry of file.valid) {
      const key = normaliseText(entry.value.text);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, entry.label);
      else problems.add(file.file, `"text" repeats item "${first}"; each principle should appear once`, entry.label);
    }
  }
}

function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .replace(/[.!?…\s]+$/, '');
}

/** Poem lines and actions are shown in order ("line 4 of 11", "action 6"), so the numbers must run 1…n. */
function checkSequence(
  file: ItemsFile<unknown, PoemLine> | ItemsFile<unknown, ServiceAction>,
  field: 'order' | 'rank',
  listKey: string,
  noun: string,
  problems: Problems,
): void {
  const byNumber = new Map<number, string>();
  for (const entry of file.valid as { label: string; value: Record<string, unknown> }[]) {
    const number = entry.value[field] as number;
    const first = byNumber.get(number);
    if (first === undefined) byNumber.set(number, entry.label);
    else problems.add(file.file, `"${field}" ${number} is already used by ${noun} "${first}"`, entry.label);
  }
  if (file.valid.length !== file.raw.length) return; // an invalid entry may hold the missing number
  const missing: number[] = [];
  for (let n = 1; n <= file.raw.length; n += 1) if (!byNumber.has(n)) missing.push(n);
  if (missing.length > 0) {
    problems.add(
      file.file,
      `"${listKey}" must be numbered 1 to ${file.raw.length} by "${field}" with no gaps (missing ${missing.join(', ')})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Zod's default messages ("Expected array, received string") are written for developers. These read as
// the end of a sentence whose subject is the field name, e.g. `"themes" must be a list (found text)`.

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  float: 'a fraction',
  nan: 'NaN',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
  undefined: 'nothing',
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

const UNKNOWN_FIELD_HINTS: Record<string, string> = {
  seed: 'team items have no "seed"; it names the seed documents the built-in deck came from',
  custom: 'leave "custom" out; the loader marks team items itself',
  theme: 'did you mean "themes"?',
  how_to_use: 'did you mean "howToUse"?',
  howtouse: 'did you mean "howToUse"?',
};

const plainErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return { message: 'is required' };
      return { message: `must be ${typeName(issue.expected)} (found ${typeName(issue.received)})` };
    case z.ZodIssueCode.invalid_literal:
      return { message: `must be ${JSON.stringify(issue.expected)}` };
    case z.ZodIssueCode.invalid_enum_value:
      return {
        message: `is ${JSON.stringify(issue.received)}, which is not allowed; use one of: ${issue.options.join(', ')}`,
      };
    case z.ZodIssueCode.unrecognized_keys: {
      const names = issue.keys.map((key) => `"${key}"`).join(', ');
      const hints = issue.keys.map((key) => UNKNOWN_FIELD_HINTS[key.toLowerCase()]).filter(Boolean);
      const base = `has ${issue.keys.length === 1 ? 'an unknown field' : 'unknown fields'} ${names}`;
      return { message: hints.length > 0 ? `${base} (${hints.join('; ')})` : base };
    }
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return { message: Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters` };
      if (issue.type === 'array') return { message: `must have at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}` };
      return { message: `must be at least ${issue.minimum}` };
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return { message: `must be at most ${issue.maximum} characters` };
      if (issue.type === 'array') return { message: `must have at most ${issue.maximum} entries` };
      return { message: `must be at most ${issue.maximum}` };
    default:
      return { message: ctx.defaultError };
  }
};

/** `"themes[0]" is "kindness", which is not allowed; …` — the field path, then the message. */
function describeIssue(issue: z.ZodIssue, rootHint?: string): string {
  if (issue.path.length === 0) return rootHint ?? issue.message;
  const field = issue.path.reduce<string>(
    (label, part) => (typeof part === 'number' ? `${label}[${part}]` : label === '' ? part : `${label}.${part}`),
    '',
  );
  return `"${field}" ${issue.message}`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
