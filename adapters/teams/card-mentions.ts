// Real @mentions in an Adaptive Card: Teams turns `<at>Name</at>` in card text into a clickable
// mention only when the card lists it in `msteams.entities` with the person's id (their AAD object
// id, which is what the coach knows Teams people by). A mention with no known name stays bold
// text: Teams would show a bare id.

import { renderMentions } from '../../src/coach/mentions.ts';
import type { Block, Outbound } from '../../src/ports.ts';

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/** How a person's mention reads in card text. */
export function cardMention(id: string, name: string | undefined): string {
  return name ? `<at>${name}</at>` : `**${id}**`;
}

const blockTexts = (block: Block): string[] => {
  switch (block.type) {
    case 'header':
    case 'text':
    case 'context':
    case 'quote':
      return [block.text];
    case 'fields':
      return block.fields.map((f) => f.value);
    default:
      return [];
  }
};

/** One entity per named person mentioned anywhere in the message's blocks. */
export function mentionEntities(msg: Outbound): MentionEntity[] {
  const found = new Map<string, MentionEntity>();
  for (const text of msg.blocks.flatMap(blockTexts)) {
    renderMentions(text, (kind, id, name) => {
      if (kind === 'user' && name) found.set(`${id}|${name}`, { type: 'mention', text: cardMention(id, name), mentioned: { id, name } });
      return '';
    });
  }
  return [...found.values()];
}
