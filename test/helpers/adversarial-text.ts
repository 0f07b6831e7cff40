// Seeded generators of hostile command text: unicode, control characters, SQL and markup
// fragments, huge strings. Repeatable (a failing case can be replayed by its seed and index).

const FRAGMENTS = [
  "'; DROP TABLE jobs; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '<@U123|x>',
  '<#C1|general>',
  '<!channel>',
  '*bold* _it_ `code` ~strike~',
  '${process.exit(1)}',
  '{{7*7}}',
  '../../etc/passwd',
  '%00%0d%0a',
  '\u0000\u0007\u001b[31m',
  '\u202e\u200b\ufeff',
  '👩🏽‍💻🧑‍🤝‍🧑🏳️‍🌈',
  'Z̷̡̛a̶l̴g̵o̸',
  'مرحبا שלום こんにちは',
  '09:00',
  '25:61',
  'Europe/London',
  'Mars/Olympus',
  'weekdays',
  'tomorrow 3pm',
  'in 2h',
  '#42',
  '-1',
  '9999999999999999999999',
  'NaN',
  'null',
  '\\',
  '\n\n\t',
];

export function adversarialTexts(random: () => number, count: number, words: readonly string[] = []): string[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const shape = random();
    if (shape < 0.02) {
      out.push(pick([...words, 'x']).padEnd(40 * 1024, pick(['a', 'é', '💥', ' ', '\u0000'])));
      continue;
    }
    if (shape < 0.15) {
      // Random code points across planes, including lone surrogates and controls.
      let s = '';
      const n = 1 + Math.floor(random() * 40);
      for (let j = 0; j < n; j++) s += String.fromCharCode(Math.floor(random() * 0xffff));
      out.push(s);
      continue;
    }
    const parts: string[] = [];
    const n = 1 + Math.floor(random() * 6);
    for (let j = 0; j < n; j++) parts.push(random() < 0.4 && words.length ? pick(words) : pick(FRAGMENTS));
    out.push(parts.join(random() < 0.8 ? ' ' : ''));
  }
  return out;
}
