// The weekly "I am your customer" thread starter and its wrap-up. The wrap-up thanks whoever took
// part and says how many; it never names or tags anyone, and never points at who stayed quiet.

import type { Poem, PoemLine } from '../../content/content-schema.ts';
import type { Outbound } from '../../ports.ts';
import { plain } from '../messages.ts';

export function renderDiscussionPrompt(poem: Poem, line: PoemLine, closesOn: string): Outbound {
  const total = poem.lines.length;
  const questions = line.questions.map((q, i) => `${i + 1}. ${q}`).join('\n');
  const invite = `Reply in this thread — a line or two is plenty, and every view helps. I'll wrap up on ${closesOn}.`;
  const source = `Line ${line.order} of ${total} · ${poem.title}, ${poem.attribution}`;
  return {
    text: `🗣️ ${poem.title} — this week's line: “${line.text}”\n${plain(questions)}\n${invite}`,
    blocks: [
      { type: 'header', text: `🗣️ ${poem.title} — this week's line` },
      { type: 'quote', text: line.text },
      { type: 'text', text: `*Let's talk about it:*\n${questions}` },
      { type: 'context', text: `${invite}\n${source}` },
    ],
    visibility: 'channel',
  };
}

export function renderDiscussionWrapUp(participants: number): Outbound {
  const text =
    participants === 0
      ? "This week's discussion is now closed. Thanks for reading along — the next line comes next week, and the thread stays open for thoughts any time."
      : participants === 1
        ? "That's a wrap on this week's line: 1 person took part. Thank you for sharing — ideas like yours are how service gets better. The next line comes next week."
        : `That's a wrap on this week's line: ${participants} people took part. Thank you all for sharing — this is how service gets better. The next line comes next week.`;
  return { text, blocks: [{ type: 'text', text: `🙏 ${text}` }], visibility: 'channel' };
}
