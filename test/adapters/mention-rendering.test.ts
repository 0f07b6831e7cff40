// The core writes `<@id|Name>` when it knows a name; each platform shows it its own way.
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../adapters/slack/to-block-kit.ts';
import { toTeamsMarkdown } from '../../adapters/teams/to-adaptive-card.ts';
import { plainStyle, renderText } from '../../adapters/console/render-text.ts';
import { mention } from '../../src/coach/mentions.ts';

const line = `Ask ${mention('U_BOB', 'Bob Smith')} or ${mention('U_ANON')} in <#C_SUPPORT>.`;

describe('mentions on each platform', () => {
  it('Slack gets real mentions (Slack shows the current name itself)', () => {
    expect(escapeMrkdwn(line)).toBe('Ask <@U_BOB> or <@U_ANON> in <#C_SUPPORT>.');
  });
  it('Teams cards get real mentions for named people, bold ids otherwise', () => {
    expect(toTeamsMarkdown(line)).toBe('Ask <at>Bob Smith</at> or **U_ANON** in #C_SUPPORT.');
  });
  it('the terminal shows @Name', () => {
    expect(renderText({ text: line, blocks: [], visibility: 'private' }, plainStyle, () => '')).toBe('  Ask @Bob Smith or @U_ANON in #C_SUPPORT.');
  });
  it('a name cannot break out of the mention markup', () => {
    expect(mention('U1', 'Eve <@U2|x> |')).toBe('<@U1|Eve @U2x>');
  });
});
