// Neutral Outbound → an Adaptive Card 1.5 with the plain-text fallback as the activity text.
// Teams renders Adaptive Cards up to schema 1.5 in bots (desktop, web and mobile). Card text
// supports a Markdown subset: **bold**, _italic_, `code` is NOT rendered (shown as is), lists and
// links are. Buttons become Action.Submit carrying the same action ids as Slack, so a press comes
// back as a message activity with `value = { actionId, value }`.

import { renderMentions } from '../../src/coach/mentions.ts';
import { decodeUserText } from '../../src/coach/user-text.ts';
import type { Activity, Attachment } from 'botbuilder';
import type { Block, Outbound } from '../../src/ports.ts';
import { cardMention, mentionEntities } from './card-mentions.ts';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

type CardElement = Record<string, unknown>;

/** The input id of a person picker for `value`: every input of a card is submitted with any button. */
export function pickerInputId(value: string): string {
  return `person.${value}`;
}

/**
 * The one escaping for Teams card text. Neutral text is entity-escaped (src/coach/user-text.ts):
 * `&lt;`, `&gt;`, `&amp;` are literal characters people typed, and the only raw `<…>` are the
 * coach's own mentions. Everything that Teams would read as markup and the coach never writes —
 * `<at>` and other tags, Markdown links `[…](…)`, backslashes — is backslash-escaped, so
 * what people typed shows as text. The coach's own *bold*, _italic_ and `code` still render.
 */
export function escapeTeamsText(text: string): string {
  return decodeUserText(text).replace(/[\\<>[\]]/g, (c) => `\\${c}`);
}

/** The neutral markup (`*bold*`, `_italic_`, `` `code` ``) in Teams' Markdown subset. */
export function toTeamsMarkdown(text: string): string {
  const mentions: string[] = [];
  // Mentions wait in private-use slots while the rest is escaped (and a typed slot is dropped).
  const withSlots = renderMentions(text.replace(/[\u{F0000}\u{F0001}]/gu, ''), (kind, id, name) => {
    // People become real mentions (listed in the card's msteams.entities); channels show their name.
    mentions.push(kind === 'user' ? cardMention(id, name) : `#${name ?? id}`);
    return `\u{F0000}${mentions.length - 1}\u{F0001}`;
  });
  return (
    escapeTeamsText(withSlots)
      // *bold* → **bold** (not touching existing **…**)
      .replace(/(^|[^*\w])\*(?!\s)([^*\n]+?)\*(?![*\w])/g, '$1**$2**')
      // `code` has no rendering in card TextBlocks; plain quotes read better than stray backticks.
      .replace(/`([^`\n]+)`/g, '“$1”')
      .replace(/\u{F0000}(\d+)\u{F0001}/gu, (_, i: string) => mentions[Number(i)] ?? '')
  );
}

/** Plain text (notification previews, fallbacks): mentions as names, no markup, user text as typed. */
export function plainTeamsText(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  return decodeUserText(renderMentions(text, (kind, id, name) => (kind === 'user' ? (name ?? id) : `#${name ?? id}`)));
}

function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text: toTeamsMarkdown(text), wrap: true, ...extra };
}

function toElements(block: Block): CardElement[] {
  switch (block.type) {
    case 'header':
      return [textBlock(block.text, { size: 'Large', weight: 'Bolder' })];
    case 'text':
      return [textBlock(block.text)];
    case 'quote':
      return [
        {
          type: 'Container',
          style: 'emphasis',
          items: [textBlock(`_${block.text}_`), ...(block.author ? [textBlock(`— ${block.author}`, { isSubtle: true, spacing: 'Small' })] : [])],
        },
      ];
    case 'fields':
      return [{ type: 'FactSet', facts: block.fields.map((f) => ({ title: f.label, value: toTeamsMarkdown(f.value) })) }];
    case 'context':
      return [textBlock(block.text, { isSubtle: true, size: 'Small' })];
    case 'divider':
      return [{ type: 'TextBlock', text: ' ', separator: true, spacing: 'Medium' }];
    case 'image':
      // Teams needs a URL it can fetch (https) or a data: URL; a local path means nothing to it.
      return block.url ? [{ type: 'Image', url: block.url, altText: block.alt }] : [textBlock(`🖼 ${block.alt}`)];
    case 'actions':
      return [];
    case 'person_picker':
      // No people picker in bot cards: a choice of the people the coach knows, and its own submit.
      return [
        { type: 'TextBlock', text: toTeamsMarkdown(block.label), wrap: true, weight: 'Bolder', spacing: 'Medium' },
        {
          type: 'Input.ChoiceSet',
          id: pickerInputId(block.value),
          style: 'compact',
          placeholder: 'Pick a colleague',
          choices: block.people.slice(0, 100).map((p) => ({ title: plainTeamsText(p.name), value: p.userId })),
        },
        { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Hand over', data: { actionId: block.actionId, value: block.value } }] },
      ];
  }
}

export function toAdaptiveCard(msg: Outbound, fallbackText: string = plainTeamsText(msg.text)): Record<string, unknown> {
  const body = msg.blocks.flatMap(toElements);
  if (body.length === 0) body.push(textBlock(msg.text));
  const actions = msg.blocks
    .flatMap((b) => (b.type === 'actions' ? b.buttons : []))
    .map((button) => ({
      type: 'Action.Submit',
      title: button.label,
      ...(button.style === 'primary' ? { style: 'positive' } : button.style === 'danger' ? { style: 'destructive' } : {}),
      data: { actionId: button.actionId, ...(button.value !== undefined ? { value: button.value } : {}) },
    }));
  const entities = mentionEntities(msg);
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    // Shown by clients that cannot render this card version.
    fallbackText,
    body,
    ...(actions.length ? { actions } : {}),
    // Use the full message width in Teams instead of a narrow bubble.
    msteams: { width: 'Full', ...(entities.length ? { entities } : {}) },
  };
}

/**
 * The activity to send: the card as an attachment, the plain fallback as the card's fallbackText
 * and the activity `summary` (notification and chat-list preview). Not as `text`: Teams would show
 * the text above the card and people would read everything twice.
 */
export function toTeamsActivity(msg: Outbound): Partial<Activity> {
  const plain = plainTeamsText(msg.text);
  const attachment: Attachment = { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: toAdaptiveCard(msg, plain) };
  return { type: 'message', summary: plain, attachments: [attachment] };
}
