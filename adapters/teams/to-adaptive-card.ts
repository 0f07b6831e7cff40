// Neutral Outbound → an Adaptive Card 1.5 with the plain-text fallback as the activity text.
// Teams renders Adaptive Cards up to schema 1.5 in bots (desktop, web and mobile). Card text
// supports a Markdown subset: **bold**, _italic_, `code` is NOT rendered (shown as is), lists and
// links are. Buttons become Action.Submit carrying the same action ids as Slack, so a press comes
// back as a message activity with `value = { actionId, value }`.

import { renderMentions } from '../../src/coach/mentions.ts';
import type { Activity, Attachment } from 'botbuilder';
import type { Block, Outbound } from '../../src/ports.ts';
import { cardMention, mentionEntities } from './card-mentions.ts';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

type CardElement = Record<string, unknown>;

/** What toTeamsMarkdown and plainTeamsText rewrite: a mention, bold, or code. */
const MARKUP = /[<*`]/;

/** The neutral markup (`*bold*`, `_italic_`, `` `code` ``) in Teams' Markdown subset. */
export function toTeamsMarkdown(text: string): string {
  // Most card text (times, names, ids) has no markup at all: skip the three passes.
  if (!MARKUP.test(text)) return text;
  return (
    // People become real mentions (listed in the card's msteams.entities); channels show their name.
    renderMentions(text, (kind, id, name) => (kind === 'user' ? cardMention(id, name) : `#${name ?? id}`))
      // *bold* → **bold** (not touching existing **…**)
      .replace(/(^|[^*\w])\*(?!\s)([^*\n]+?)\*(?![*\w])/g, '$1**$2**')
      // `code` has no rendering in card TextBlocks; plain quotes read better than stray backticks.
      .replace(/`([^`\n]+)`/g, '“$1”')
  );
}

/** Plain text (notification previews, fallbacks): mentions as names, no markup. */
export function plainTeamsText(text: string): string {
  if (!text.includes('<')) return text;
  return renderMentions(text, (kind, id, name) => (kind === 'user' ? (name ?? id) : `#${name ?? id}`));
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
