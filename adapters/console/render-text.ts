// Outbound → terminal text. Buttons become commands you can type (`/do 3`), since a terminal has no
// buttons; the console adapter remembers what each number stands for.

import type { Block, Button, Outbound } from '../../src/ports.ts';
import { renderMentions } from '../../src/coach/mentions.ts';

export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
}

export const plainStyle: TextStyle = { bold: (t) => t, dim: (t) => t };
export const ansiStyle: TextStyle = { bold: (t) => `\x1b[1m${t}\x1b[22m`, dim: (t) => `\x1b[2m${t}\x1b[22m` };

/** The coach's markup (*bold*, _italic_, `code`) for a terminal. */
function inline(text: string, style: TextStyle): string {
  return renderMentions(text, (kind, id, name) => `${kind === 'user' ? '@' : '#'}${name ?? id}`).replace(/\*([^*\n]+)\*/g, (_, t: string) => style.bold(t)).replace(/(^|\W)_([^_\n]+)_(?=\W|$)/g, '$1$2').replace(/`([^`\n]+)`/g, '$1');
}

function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

export function renderText(msg: Outbound, style: TextStyle, nameButton: (button: Button) => string): string {
  if (msg.blocks.length === 0) return indent(inline(msg.text, style));
  const lines = msg.blocks.map((block: Block): string => {
    switch (block.type) {
      case 'header':
        return style.bold(`── ${block.text} ──`);
      case 'text':
        return indent(inline(block.text, style));
      case 'quote':
        return indent(`“${block.text}”${block.author ? `\n    — ${inline(block.author, style)}` : ''}`);
      case 'fields':
        return block.fields.map((f) => indent(`${style.bold(f.label + ':')} ${inline(f.value, style)}`)).join('\n');
      case 'context':
        return indent(style.dim(inline(block.text, style)));
      case 'actions':
        return indent(block.buttons.map((b) => `[${b.label}] ${style.dim('type')} ${nameButton(b)}`).join('   '));
      case 'image':
        return indent(`🖼  ${block.alt}${block.path ? `: ${block.path}` : block.url ? `: ${block.url}` : ''}`);
      case 'divider':
        return indent(style.dim('────────'));
    }
  });
  return lines.join('\n');
}
