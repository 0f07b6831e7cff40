// Mentions in the neutral form the adapters deliver and render: `<@USERID>` for a person and
// `<#CHANNELID>` for a channel (Slack's `<@U1|name>` and Teams' <at> mentions are normalised to
// this by the adapters). In the terminal there is nothing to mention, so a bare id is accepted.

import type { Platform } from '../ports.ts';

export function mention(userId: string): string {
  return `<@${userId}>`;
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
