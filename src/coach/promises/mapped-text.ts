// Text rewritten for the time parser ("tmrw 3p" → "tomorrow 3pm") that still knows where each of its
// characters came from, so who and note are cut from what the person actually typed.

export interface MappedText {
  text: string;
  /** For each character: where its source begins in the original text. */
  from: number[];
  /** For each character: where its source ends in the original text. */
  to: number[];
}

export function mapText(text: string): MappedText {
  const from = Array.from({ length: text.length }, (_, i) => i);
  return { text, from, to: from.map((i) => i + 1) };
}

/** Replace every match of a global `pattern`; `replace` returning undefined keeps the match as is. */
export function rewriteText(source: MappedText, pattern: RegExp, replace: (match: RegExpExecArray) => string | undefined): MappedText {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let last = 0;
  const copy = (end: number) => {
    text += source.text.slice(last, end);
    for (let i = last; i < end; i += 1) {
      from.push(source.from[i] as number);
      to.push(source.to[i] as number);
    }
  };
  pattern.lastIndex = 0;
  // Most rewrites find nothing in most commands: then the source is returned as it is, uncopied.
  if (!pattern.test(source.text)) return source;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(source.text); match; match = pattern.exec(source.text)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    const replacement = replace(match);
    if (replacement === undefined) continue;
    copy(match.index);
    const start = source.from[match.index] as number;
    const end = source.to[match.index + match[0].length - 1] as number;
    text += replacement;
    for (let i = 0; i < replacement.length; i += 1) {
      from.push(start);
      to.push(end);
    }
    last = match.index + match[0].length;
  }
  copy(source.text.length);
  return { text, from, to };
}

/** Where the rewritten span [start, end) came from in the original text. */
export function originalSpan(mapped: MappedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) return { start: mapped.from[start] ?? 0, end: mapped.from[start] ?? 0 };
  return { start: mapped.from[start] as number, end: mapped.to[end - 1] as number };
}
