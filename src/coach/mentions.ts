// Mentions in the neutral form the adapters deliver and render: `<@USERID>` for a person and
// `<#CHANNELID>` for a channel (Slack's `<@U1|name>` and Teams' <at> mentions are normalised to
// this by the adapters). In the terminal there is nothing to mention, so a bare id is accepted.

import type { Platform } from '../ports.ts';

/** A mention in the neutral form; with a display name when the coach knows it (`<@U123|Dana Reyes>`),
 *  so platforms without mention markup in text (Teams cards, the terminal) can still show a name. */
export function mention(userId: string, name?: string | null): string {
  const label = name?.replace(/[<>|\n]/g, '').trim();
  return label ? `<@${userId}|${label}>` : `<@${userId}>`;
}

const NEUTRAL_MENTION = /<([@#])([^>|\s]+)(?:\|([^>]*))?>/g;

/** For adapters: render every neutral mention in a text their own way. */
export function renderMentions(text: string, render: (kind: 'user' | 'channel', id: string, name: string | undefined) => string): string {
  return text.replace(NEUTRAL_MENTION, (_, sigil: string, id: string, name: string | undefined) => render(sigil === '@' ? 'user' : 'channel', id, name || undefined));
}

/** `<@U123>` (or `<@U123|name>`) → 'U123'; on the console also a bare id like `sam`. */
export function parseUserMention(token: string, platform: Platform): string | undefined {
  const match = /^<@([^>|\s]+)(?:\|[^>]*)?>$/.exec(token.trim());
  if (match) return match[1];
  if (platform === 'console' && /^@?[\w.-]+$/.test(token.trim())) return token.trim().replace(/^@/, '');
  return undefined;
}

/** `<#C123>` (or `<#C123|name>`) → 'C123'; on the console also `#key`. */
export function parseChannelMention(token: string, platform: Platform): string | undefined {
  const match = /^<#([^>|\s]+)(?:\|[^>]*)?>$/.exec(token.trim());
  if (match) return match[1];
  if (platform === 'console' && /^#[\w.-]+$/.test(token.trim())) return token.trim().slice(1);
  return undefined;
}
