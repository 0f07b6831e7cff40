// Outbound → terminal text. Buttons become commands you can type (`/do 3`), since a terminal has no
// buttons; the console adapter remembers what each number stands for.

import type { Block, Button, Outbound } from '../../src/ports.ts';
import { renderMentions } from '../../src/coach/mentions.ts';
import { decodeUserText } from '../../src/coach/user-text.ts';

export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
}

export const plainStyle: TextStyle = { bold: (t) => t, dim: (t) => t };
export const ansiStyle: TextStyle = { bold: (t) => `\x1b[1m${t}\x1b[22m`, dim: (t) => `\x1b[2m${t}\x1b[22m` };

/**
 * The one escaping for the terminal: control characters (ESC sequences that recolour, move the
 * cursor, retitle the window or hide text; BEL; C1 controls) and bidirectional overrides are
 * dropped, so nothing anyone typed can act on the terminal. Only the coach's own styles add ESC.
 */
export function escapeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return decodeUserText(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** The coach's markup (*bold*, _italic_, `code`) for a terminal. */
function inline(text: string, style: TextStyle): string {
  return renderMentionsAsText(text).replace(/\*([^*\n]+)\*/g, (_, t: string) => style.bold(t)).replace(/(^|\W)_([^_\n]+)_(?=\W|$)/g, '$1$2').replace(/`([^`\n]+)`/g, '$1');
}

/** Mentions as @name / #channel, then nothing left that could drive the terminal. */
function renderMentionsAsText(text: string): string {
  return escapeTerminal(renderMentions(text, (kind, id, name) => `${kind === 'user' ? '@' : '#'}${name ?? id}`));
}

function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

export function renderText(msg: Outbound, style: TextStyle, nameButton: (button: Button) => string): string {
  if (msg.blocks.length === 0) return indent(inline(msg.text, style));
  const safe = renderMentionsAsText;
  const lines = msg.blocks.map((block: Block): string => {
    switch (block.type) {
      case 'header':
        return style.bold(`── ${safe(block.text)} ──`);
      case 'text':
        return indent(inline(block.text, style));
      case 'quote':
        return indent(`“${safe(block.text)}”${block.author ? `\n    — ${inline(block.author, style)}` : ''}`);
      case 'fields':
        return block.fields.map((f) => indent(`${style.bold(safe(f.label) + ':')} ${inline(f.value, style)}`)).join('\n');
      case 'context':
        return indent(style.dim(inline(block.text, style)));
      case 'actions':
        return indent(block.buttons.map((b) => `[${safe(b.label)}] ${style.dim('type')} ${nameButton(b)}`).join('   '));
      case 'image':
        return indent(`🖼  ${safe(block.alt)}${block.path ? `: ${block.path}` : block.url ? `: ${block.url}` : ''}`);
      case 'divider':
        return indent(style.dim('────────'));
      case 'person_picker':
        // A terminal has no people picker: the command does the same.
        return indent(`[${safe(block.label)}] ${style.dim('type')} ${safe(block.command)}`);
    }
  });
  return lines.join('\n');
}
