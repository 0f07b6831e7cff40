// The shape of the coaching content: the deck (content/principles.json), the "I am your customer"
// poem (content/poem.json), the 10 service actions (content/actions.json) and a team's own extra
// file (named by CONTENT_EXTRA_FILE). The built-in deck and the extra file share one item shape, so a
// team can copy any built-in item as a starting point.
//
// Messages given here are written as the end of a sentence ("… must have at least one theme"):
// load-content.ts prefixes them with the file, the item and the field, so an editor of a JSON file
// reads one plain line per problem.

import { z } from 'zod';

/** Themes a principle can be filed under. Fixed, so posts can be filtered and tallied by theme. */
export const THEMES = [
  'listening',
  'empathy',
  'communication',
  'complaints',
  'trust',
  'fairness',
  'callbacks',
  'reliability',
  'moments-of-truth',
  'ownership',
  'empowerment',
  'culture',
  'leadership',
  'loyalty',
  'value',
  'reputation',
  'measurement',
  'innovation',
  'improvement',
] as const;
export type Theme = (typeof THEMES)[number];

/**
 * What kind of item it is. `rule-to-break` marks a belief the source argues *against* (Peppers &
 * Rogers' "Rules to Break"): its text must never be shown as advice on its own.
 */
export const PRINCIPLE_KINDS = ['tweet', 'principle', 'law', 'rule-to-break', 'tip', 'quote', 'insight'] as const;
export type PrincipleKind = (typeof PRINCIPLE_KINDS)[number];

/** Longest `howToUse` line: it is shown under every daily post, so it has to stay one short sentence. */
export const HOW_TO_USE_MAX = 160;

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Typical UTF-8 read as Windows-1252/Latin-1 ("â€™", "Ã©") and the replacement character: a team
// file saved in the wrong encoding would otherwise be posted to the whole channel as gibberish.
const MOJIBAKE = /â€|Ã[\u0080-\u00BF]|\uFFFD/;

/** A trimmed, non-empty piece of text that is not garbled by a wrong encoding. */
function cleanText(max: number) {
  return z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((value) => !MOJIBAKE.test(value), {
      message: 'contains garbled characters (like "â€™"); save the file as UTF-8 and retype the quotes',
    });
}

export const IdSchema = z.string().regex(KEBAB_ID, {
  message: 'must be kebab-case: lowercase letters, digits and single hyphens, e.g. "team-greet-by-name"',
});

export const ThemeSchema = z.enum(THEMES);
export const PrincipleKindSchema = z.enum(PRINCIPLE_KINDS);

/** The seed document an item was taken from, e.g. "000_3ec6901568891c2b.txt". */
export const SeedSchema = z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/, {
  message: 'must name a seed document, e.g. "000_3ec6901568891c2b.txt"',
});

/** Fields every deck item has, whether built in or added by a team. */
const principleFields = {
  id: IdSchema,
  kind: PrincipleKindSchema,
  text: cleanText(1500),
  /** Who said or wrote it, when the source names someone. Left out rather than guessed. */
  author: cleanText(120).optional(),
  /** Who the author was, as the source describes them ("CEO, Scandinavian Airlines (1980s)"). */
  authorRole: cleanText(120).optional(),
  /** The book or work the item comes from, when the source names one. */
  source: cleanText(200).optional(),
  themes: z
    .array(ThemeSchema)
    .min(1, { message: 'must have at least one theme' })
    .refine((themes) => new Set(themes).size === themes.length, { message: 'must not list the same theme twice' }),
  /** One short, warm sentence telling an agent how to use the item today. */
  howToUse: cleanText(HOW_TO_USE_MAX),
};

/** An item of the built-in deck: always says which seed document it came from. */
export const BuiltInPrincipleSchema = z.object({ ...principleFields, seed: SeedSchema }).strict();

/**
 * An item of a team's extra file. It has no `seed` (it did not come from the seed documents) and no
 * `custom` flag (the loader sets that): both are refused so the two origins can never be confused.
 */
export const ExtraPrincipleSchema = z.object(principleFields).strict();

/**
 * A deck item as the rest of the bot sees it. Built-in items have `seed`; items from a team's extra
 * file have no `seed` and `custom: true`.
 */
export const PrincipleSchema = z
  .object({ ...principleFields, seed: SeedSchema.optional(), custom: z.literal(true).optional() })
  .strict();

/**
 * content/principles.json and a team's extra file share this shape: `{ "items": [ … ] }`.
 * `description` is free text for people editing the file (JSON has no comments).
 */
export const PrinciplesFileSchema = z
  .object({
    description: z.string().optional(),
    items: z.array(BuiltInPrincipleSchema).min(1, { message: 'must have at least one item' }),
  })
  .strict();

/** A team's extra file. May be empty (`"items": []`), e.g. while a team is between drafts. */
export const ExtraFileSchema = z
  .object({
    description: z.string().optional(),
    items: z.array(ExtraPrincipleSchema),
  })
  .strict();

export const PoemLineSchema = z
  .object({
    id: IdSchema,
    /** Position in the poem, 1-based; the loader checks the lines run 1, 2, 3… with no gaps. */
    order: z.number().int().positive(),
    text: cleanText(500),
    /** 2–3 discussion questions for a team huddle about this line. */
    questions: z
      .array(cleanText(200))
      .min(2, { message: 'must have at least 2 questions' })
      .max(3, { message: 'must have at most 3 questions' }),
  })
  .strict();

export const PoemSchema = z
  .object({
    title: cleanText(120),
    attribution: cleanText(200),
    seed: SeedSchema,
    /** How the source introduces the poem; optional context for a discussion post. */
    introduction: cleanText(500).optional(),
    lines: z.array(PoemLineSchema).min(1, { message: 'must have at least one line' }),
  })
  .strict();

export const ServiceActionSchema = z
  .object({
    id: IdSchema,
    /** 1 is the most important; the loader checks ranks run 1, 2, 3… with no gaps. */
    rank: z.number().int().positive(),
    text: cleanText(200),
    /** A short imperative line for an agent making a callback promise. */
    tip: cleanText(160),
    /** The actions also join the daily rotation, so they are themed like principles. */
    themes: z.array(ThemeSchema).min(1, 'must have at least one theme'),
  })
  .strict();

export const ActionsFileSchema = z
  .object({
    title: cleanText(120),
    seed: SeedSchema,
    actions: z.array(ServiceActionSchema).min(1, { message: 'must have at least one action' }),
  })
  .strict();

/** Everything the bot gets from loadContent(): the deck (built-in then team items), poem, actions. */
export const ContentSchema = z.object({
  principles: z.array(PrincipleSchema),
  poem: PoemSchema,
  actions: z.array(ServiceActionSchema),
});

export type Principle = z.infer<typeof PrincipleSchema>;
export type BuiltInPrinciple = z.infer<typeof BuiltInPrincipleSchema>;
export type ExtraPrinciple = z.infer<typeof ExtraPrincipleSchema>;
export type PoemLine = z.infer<typeof PoemLineSchema>;
export type Poem = z.infer<typeof PoemSchema>;
export type ServiceAction = z.infer<typeof ServiceActionSchema>;
export type Content = z.infer<typeof ContentSchema>;
