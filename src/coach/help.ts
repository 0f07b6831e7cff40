// `/coach help` and `/coach help <topic>`. The short help names every command, a line per topic;
// a topic's page gives each command's usage, what it does and an example. Both stay well under
// Slack's 3,000 characters per section and 50 blocks per message however many features there are
// (test/coach/help.test.ts checks every page).

import type { Outbound } from '../ports.ts';
import type { HelpEntry, HelpSection } from './feature.ts';
import { HELP_TOPICS, type HelpTopicName } from './help-topics.ts';
import { echo, problem } from './messages.ts';
import { closestWord } from './suggest.ts';

const INTRO = 'I help customer-service teams keep their promises and get better together. Each topic below has its own page.';

/** The command an entry is about, without its arguments: `/coach subscribe [HH:MM] …` → `/coach subscribe`. */
export function commandOf(entry: HelpEntry): string {
  const words: string[] = [];
  for (const word of entry.usage.split(' ')) {
    if (/^[[<@#]/.test(word) || word.includes('|')) break;
    words.push(word);
  }
  return words.join(' ');
}

export class Help {
  private readonly topics: { name: HelpTopicName; title: string; summary: string; entries: HelpEntry[] }[];

  constructor(sections: readonly HelpSection[]) {
    this.topics = HELP_TOPICS.map((t) => ({ ...t, entries: sections.filter((s) => s.topic === t.name).flatMap((s) => s.entries) })).filter(
      (t) => t.entries.length > 0,
    );
  }

  /** `/coach help [topic]`: the short list, or one topic in full (a topic's name or one of its command words). */
  answer(args: string): Outbound {
    const asked = args.trim().toLowerCase();
    if (!asked) return this.short();
    const names = this.topics.map((t) => t.name);
    // A topic's name, one of its commands (`audit`), or a near miss of a name (`manager`).
    const named = this.topics.find((t) => t.name === asked) ?? this.topics.find((t) => t.entries.some((e) => commandOf(e).split(' ').at(-1)?.replace(/^\//, '') === asked));
    const topic = named ?? this.topics.find((t) => t.name === closestWord(asked, names));
    if (topic) return this.page(topic);
    return problem(`I have no help on “${echo(args.trim())}”. The topics are ${names.join(', ')}.`, `/coach help ${names.at(-1)}`);
  }

  private short(): Outbound {
    const lines = this.topics.map((t) => ({
      markup: `*${t.title}*: ${t.entries.map((e) => `\`${commandOf(e)}\``).join(', ')}\nMore: \`/coach help ${t.name}\``,
      plain: `${t.title}: ${t.entries.map(commandOf).join(', ')}. More: /coach help ${t.name}`,
    }));
    return {
      text: [INTRO, ...lines.map((l) => l.plain)].join('\n'),
      blocks: [{ type: 'header', text: 'Service Coach — help' }, { type: 'text', text: INTRO }, { type: 'divider' }, ...lines.map((l) => ({ type: 'text' as const, text: l.markup }))],
      visibility: 'private',
    };
  }

  private page(topic: { title: string; summary: string; entries: HelpEntry[] }): Outbound {
    return {
      text: [topic.summary, ...topic.entries.map((e) => `${e.usage} — ${e.description} Example: ${e.example}`), 'Every topic: /coach help'].join('\n'),
      blocks: [
        { type: 'header', text: `${topic.title} — help` },
        { type: 'text', text: topic.summary },
        { type: 'divider' },
        ...topic.entries.map((e) => ({ type: 'text' as const, text: `*${e.usage}*\n${e.description} Example: \`${e.example}\`` })),
        { type: 'context', text: 'Every topic: `/coach help`' },
      ],
      visibility: 'private',
    };
  }
}
