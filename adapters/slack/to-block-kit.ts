// Neutral blocks → Slack Block Kit. The core's tiny markup (*bold*, _italic_, `code`) already is
// Slack mrkdwn, so text passes through; only &, < and > are escaped, keeping the coach's own
// mentions (<@U123>, <#C123>) working as Slack mentions and nothing else.
// Limits (Slack): 50 blocks per message, 100 per home view; section text 3000 chars; header 150;
// button label 75, value 2000; 10 fields per section; 25 elements per actions block; action_ids
// unique within a block (so repeats get a `#n` suffix that fromSlack strips again).

import { renderMentions } from '../../src/coach/mentions.ts';
import { decodeUserText } from '../../src/coach/user-text.ts';
import type { Block, Outbound } from '../../src/ports.ts';

export type SlackBlock = Record<string, unknown>;

/** The block_id of a person picker: this prefix and the picker's value. */
export const PICKER_BLOCK_PREFIX = 'pick:';

const MAX_MESSAGE_BLOCKS = 50;
const MAX_HOME_BLOCKS = 100;

/** The coach's own mentions (`<@U123>`, `<#C123>`): Slack ids only, nothing else passes as markup. */
const SLACK_MENTION = /^[A-Z0-9_]+$/i;

/**
 * The one escaping for Slack mrkdwn (section text, context, fields and the fallback `text`). Only
 * the coach's own user and channel mentions stay Slack markup; every other `<`, `>` and `&` is
 * escaped per Slack's rules, so `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>` and
 * `<http…|…>` in what people typed show as text. User text arrives already entity-escaped by the
 * core (src/coach/user-text.ts): those `&lt;`, `&gt;`, `&amp;` are kept, not escaped twice.
 */
export function escapeMrkdwn(text: string): string {
  const mentions: string[] = [];
  // Mentions wait in private-use slots while the rest is escaped (and a typed slot is dropped).
  const withSlots = renderMentions(text.replace(/[\u{F0000}\u{F0001}]/gu, ''), (kind, id) => {
    if (!SLACK_MENTION.test(id)) return `<${kind === 'user' ? '@' : '#'}${id}>`; // not an id: escaped below
    // Slack shows a user's or channel's current name itself: drop the display name the core adds.
    mentions.push(`<${kind === 'user' ? '@' : '#'}${id}>`);
    return `\u{F0000}${mentions.length - 1}\u{F0001}`;
  });
  return withSlots
    .replace(/&(?!(?:amp|lt|gt);)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\u{F0000}(\d+)\u{F0001}/gu, (_, i: string) => mentions[Number(i)] ?? '');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function mrkdwn(text: string, max = 3000) {
  return { type: 'mrkdwn', text: truncate(escapeMrkdwn(text), max) };
}

/** Already-escaped mrkdwn (a quote's `>` prefixes must stay Slack markup). */
function rawMrkdwn(text: string, max = 3000) {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

/** Slack shows plain_text as is (no mentions, no entities): user text's `&lt;` becomes `<` again. */
function plainText(text: string, max: number) {
  return { type: 'plain_text', text: truncate(decodeUserText(text), max), emoji: true };
}

/** The action_id Slack sees for the n-th repeat of an id within one actions block. */
export function uniqueActionId(actionId: string, seen: Map<string, number>): string {
  const count = (seen.get(actionId) ?? 0) + 1;
  seen.set(actionId, count);
  return count === 1 ? actionId : `${actionId}#${count}`;
}

export function toSlackBlock(block: Block): SlackBlock[] {
  switch (block.type) {
    case 'header':
      return [{ type: 'header', text: plainText(block.text, 150) }];
    case 'text':
      return [{ type: 'section', text: mrkdwn(block.text) }];
    case 'quote': {
      const lines = escapeMrkdwn(block.text).split('\n').map((line) => `> ${line}`);
      if (block.author) lines.push(`> — _${escapeMrkdwn(block.author)}_`);
      return [{ type: 'section', text: rawMrkdwn(lines.join('\n')) }];
    }
    case 'fields': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.fields.length; i += 10) {
        out.push({ type: 'section', fields: block.fields.slice(i, i + 10).map((f) => mrkdwn(`*${f.label}*\n${f.value}`, 2000)) });
      }
      return out;
    }
    case 'context':
      return [{ type: 'context', elements: [mrkdwn(block.text)] }];
    case 'actions': {
      const seen = new Map<string, number>();
      return [
        {
          type: 'actions',
          elements: block.buttons.slice(0, 25).map((button) => ({
            type: 'button',
            action_id: uniqueActionId(button.actionId, seen),
            text: plainText(button.label, 75),
            ...(button.value !== undefined ? { value: truncate(button.value, 2000) } : {}),
            ...(button.style ? { style: button.style } : {}),
          })),
        },
      ];
    }
    case 'image':
      // A local file cannot be shown inline: Slack needs a public URL. Files go through upload().
      return block.url
        ? [{ type: 'image', image_url: block.url, alt_text: truncate(block.alt, 2000) }]
        : [{ type: 'context', elements: [mrkdwn(block.alt)] }];
    case 'divider':
      return [{ type: 'divider' }];
    case 'person_picker':
      // users_select carries no value of its own: the block_id does (fromSlack reads it back).
      return [
        {
          type: 'actions',
          block_id: truncate(`${PICKER_BLOCK_PREFIX}${block.value}`, 255),
          elements: [{ type: 'users_select', action_id: block.actionId, placeholder: plainText(block.label, 150) }],
        },
      ];
  }
}

export function toSlackBlocks(blocks: Block[], max = MAX_MESSAGE_BLOCKS): SlackBlock[] {
  const out = blocks.flatMap(toSlackBlock);
  return out.length <= max ? out : [...out.slice(0, max - 1), { type: 'context', elements: [mrkdwn('…and more. Try again with a narrower request.')] }];
}

/** A chat.postMessage / chat.update / response_url body: blocks plus the plain-text fallback. */
export function toSlackMessage(msg: Outbound): { text: string; blocks: SlackBlock[] } {
  // The fallback (notifications, screen readers) is parsed like mrkdwn too: same escaping and mentions.
  return { text: truncate(escapeMrkdwn(msg.text), 40_000), blocks: toSlackBlocks(msg.blocks) };
}

export function toHomeView(blocks: Block[]): { type: 'home'; blocks: SlackBlock[] } {
  return { type: 'home', blocks: toSlackBlocks(blocks, MAX_HOME_BLOCKS) };
}
