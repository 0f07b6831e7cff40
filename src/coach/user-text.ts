// What people typed (a promise's who and note, a name, an echoed word) goes into the coach's
// messages as text, never as markup: a who of `<!channel>` must not notify a whole channel, and
// `<@U1|Boss>` must not become a mention. The neutral text the core hands to adapters is therefore
// entity-escaped the way Slack escapes mrkdwn: `&amp;`, `&lt;` and `&gt;` are literal characters,
// and the only raw `<…>` are the coach's own mentions (see mentions.ts). Each adapter turns that
// into its platform's escaping (to-block-kit.ts, to-adaptive-card.ts, render-text.ts).

/** Mark a piece of user text for a message: `<`, `>` and `&` become literal characters. */
export function userText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** The literal characters behind neutral text's `&amp;`, `&lt;`, `&gt;` (for adapters). */
export function decodeUserText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}
