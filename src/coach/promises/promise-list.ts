// `/promise-callback list [overdue|today] [@person]` and its "Show more" pages. A page holds at most
// PAGE_SIZE promises and each line is cut short, so every message stays well inside the platform
// limits however many promises are open and however long their notes are: Slack allows 50 blocks
// per message and 3,000 characters per section; a Teams card about 28 KB, and Teams carries the
// text twice (the card's fallback and the notification summary).

import { DateTime } from 'luxon';
import type { Actor, Block, Button, Outbound, Platform } from '../../ports.ts';
import type { CallbackPromise } from '../../store/promises-repo.ts';
import { mention, parseUserMention } from '../mentions.ts';
import { plain } from '../messages.ts';
import { promiseLine, renderPromiseList } from './promise-messages.ts';

export const LIST_MORE_ACTION = 'promise.list-more';
/** 20 promises: 1 heading + 20 lines + 10 button rows + "Show more" = 32 Slack blocks. */
export const PAGE_SIZE = 20;
/** A line in a list shows the start of a long note; the promise itself keeps all of it. */
const MAX_LINE_CHARS = 300;

export type ListFilter = 'all' | 'overdue' | 'today';

export interface ListRequest {
  filter: ListFilter;
  /** Someone else's promises (managers only); undefined = the asker's own. */
  personId?: string;
  offset: number;
}

/** The words after `list`: `overdue`, `today`, `@person`, in any order. */
export function parseListArgs(words: string[], platform: Platform): ListRequest | { problem: string } {
  const request: ListRequest = { filter: 'all', offset: 0 };
  for (const word of words) {
    const lower = word.toLowerCase();
    const person = parseUserMention(word, platform);
    if (lower === 'overdue' || lower === 'today') request.filter = lower;
    else if (person && (word.startsWith('<') || word.startsWith('@'))) request.personId = person;
    else return { problem: `I can list \`overdue\`, \`today\` or someone's promises (\`@name\`, for team leads); I didn't understand “${plain(word).replace(/\p{Cc}/gu, '').slice(0, 40)}”.` };
  }
  return request;
}

/** "overdue|U123|20": what a "Show more" button asks for. */
export function listButtonValue(request: ListRequest): string {
  return `${request.filter}|${request.personId ?? ''}|${request.offset}`;
}

export function parseListButton(value: string | undefined): ListRequest | undefined {
  const match = /^(all|overdue|today)\|([^|]*)\|(\d{1,6})$/.exec(value ?? '');
  if (!match) return undefined;
  return { filter: match[1] as ListFilter, personId: match[2] || undefined, offset: Number(match[3]) };
}

/** The promises the filter keeps, soonest first (the store already sorts them). */
export function filterPromises(promises: CallbackPromise[], filter: ListFilter, now: Date, zone: string): CallbackPromise[] {
  if (filter === 'overdue') return promises.filter((p) => p.dueAt.getTime() <= now.getTime());
  if (filter === 'today') {
    const end = DateTime.fromJSDate(now, { zone }).endOf('day').toMillis();
    return promises.filter((p) => p.dueAt.getTime() <= end);
  }
  return promises;
}

const HEADINGS: Record<ListFilter, [own: string, theirs: string]> = {
  all: ['Your open promises', 'open promises'],
  overdue: ['Your overdue promises', 'overdue promises'],
  today: ['Your promises due today', 'promises due today'],
};

const EMPTY: Record<ListFilter, string> = {
  all: 'No open promises. 🎉',
  overdue: 'Nothing overdue. 🎉',
  today: 'Nothing due today (or overdue).',
};

const cut = (text: string): string => (text.length <= MAX_LINE_CHARS ? text : `${text.slice(0, MAX_LINE_CHARS - 1)}…`);

/** One page of the list, with a "Show more" button when more follow. */
export function renderListPage(all: CallbackPromise[], request: ListRequest, now: Date, asker: Actor, personName?: string | null): Outbound {
  const theirs = request.personId !== undefined && request.personId !== asker.userId;
  const [own, other] = HEADINGS[request.filter];
  const heading = theirs ? `${mention(request.personId as string, personName)}'s ${other}` : own;
  if (all.length === 0) {
    const text = `${heading}: ${theirs ? EMPTY[request.filter].replace(/ 🎉$/, '') : EMPTY[request.filter]}`;
    return { text: plain(text), blocks: [{ type: 'text', text }], visibility: 'private' };
  }
  const page = all.slice(request.offset, request.offset + PAGE_SIZE);
  // One page says how many; a longer list says which part of it this is.
  const shown = all.length <= PAGE_SIZE ? `${all.length}` : `${request.offset + 1}–${request.offset + page.length} of ${all.length}`;
  // The same lines the list always had, each cut to a bounded length.
  const blocks: Block[] = renderPromiseList(page, now, heading).map((block, i) =>
    i === 0 && block.type === 'text' ? { type: 'text', text: `*${heading}* (${shown})` } : block.type === 'text' ? { ...block, text: cut(block.text) } : block,
  );
  const rest = all.length - request.offset - page.length;
  if (rest > 0) {
    const more: Button = { actionId: LIST_MORE_ACTION, label: `Show more (${rest})`, value: listButtonValue({ ...request, offset: request.offset + page.length }) };
    blocks.push({ type: 'actions', buttons: [more] });
  }
  const text = [`${heading} (${shown}):`, ...page.map((p) => cut(promiseLine(p, now)))].join('\n');
  return { text: plain(text), blocks, visibility: 'private' };
}
