// "tomorow", "wensday", "firday", "tmrw": day and month words as agents type them in a hurry. Only
// day and month words are corrected (a small edit distance), never other words, so a customer's name
// or a note is left alone.

import { rewriteText, type MappedText } from './mapped-text.ts';

const DAY_AND_MONTH_WORDS = [
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'tomorrow', 'today', 'tonight', 'yesterday',
  'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
];

/** Shorthands chrono does not know. */
const ALIASES: Record<string, string> = {
  tmrw: 'tomorrow', tmr: 'tomorrow', tmrow: 'tomorrow', tmro: 'tomorrow', tmw: 'tomorrow', tomo: 'tomorrow', tomoz: 'tomorrow',
  '2moro': 'tomorrow', '2morrow': 'tomorrow', '2mrw': 'tomorrow', tdy: 'today', tonite: 'tonight', '2nite': 'tonight',
  tues: 'tuesday', weds: 'wednesday', thur: 'thursday', thurs: 'thursday', sept: 'september',
};

/** Words close to a day word that are words of their own. */
const REAL_WORDS = new Set(['monday', 'money', 'sunday', 'sundae', 'friday', 'fridays', 'marcy', 'marc', 'junes', 'julie', 'julia', 'today', 'toady', 'march', 'marches', 'marched', 'mayday', 'augusta', 'tuesdays']);

/** Optimal string alignment distance (adjacent swaps count once: "firday"), stopping early past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j += 1) {
      const row = rows[i] as number[];
      const up = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

const corrections = new Map<string, string | undefined>();

/** The day or month word `word` was meant to be, if it is a typo of exactly one. Remembered: the
 *  same words ("refund", "status") come in all day. */
export function correctDayWord(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (corrections.has(lower)) return corrections.get(lower);
  const corrected = lookUpCorrection(lower);
  if (corrections.size < 10_000) corrections.set(lower, corrected);
  return corrected;
}

function lookUpCorrection(lower: string): string | undefined {
  const alias = ALIASES[lower];
  if (alias) return alias;
  if (lower.length < 5 || REAL_WORDS.has(lower) || DAY_AND_MONTH_WORDS.includes(lower)) return undefined;
  const limit = lower.length <= 6 ? 1 : 2;
  const scored = DAY_AND_MONTH_WORDS.map((target) => ({ target, d: editDistance(lower, target, limit) + (target[0] === lower[0] ? 0 : 0.5) })).filter((t) => t.d <= limit + 0.5 && t.d - (t.target[0] === lower[0] ? 0 : 0.5) <= limit);
  const best = Math.min(...scored.map((t) => t.d));
  const close = scored.filter((t) => t.d === best);
  // "munday" is one edit from monday and sunday: the same first letter decides; a real tie is left alone.
  return close.length === 1 ? close[0]?.target : undefined;
}

export function fixDayTypos(text: MappedText): MappedText {
  return rewriteText(text, /(?<![\w@.-])[a-z0-9]{3,}(?![\w@-]|\.\w)/gi, (m) => {
    // The first word is who the promise is for ("Sundar", "Frida"), never a time.
    if (/^\d+$/.test(m[0]) || text.from[m.index] === 0) return undefined;
    return correctDayWord(m[0]);
  });
}

const FULL_DAY_WORDS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'tomorrow'];

/** A word too far from a day word to correct without asking ("frdy", "tmorow"): the day it may be. */
export function guessDayWord(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (!/^[a-z]{4,}$/.test(lower) || REAL_WORDS.has(lower) || DAY_AND_MONTH_WORDS.includes(lower)) return undefined;
  const close = FULL_DAY_WORDS.filter((target) => target[0] === lower[0] && editDistance(lower, target, 2) <= 2);
  return close.length === 1 ? close[0] : undefined;
}
