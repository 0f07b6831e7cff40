// The pages a person sees while adding the coach to Slack: the "Add to Slack" page (/slack/install),
// the "you're all set" page after Slack sends them back, and a plain page when it did not work.
// Short and warm; never a stack trace; every value escaped.

import { esc } from '../dashboard/html.ts';

/** Why the coach asks for each bot scope, in the words an admin approving the install reads. */
export const SCOPE_REASONS: Readonly<Record<string, string>> = {
  commands: 'Adds the /coach and /promise-callback commands.',
  'chat:write': 'Posts the daily principle and the weekly discussion, and sends your reminders.',
  'channels:read': 'Notices when it is invited to a public channel, to say hello there.',
  'groups:read': 'Notices when it is invited to a private channel, to say hello there.',
  'channels:history': 'Reads replies under its own posts in public channels, to count who joined the discussion.',
  'groups:history': 'Reads replies under its own posts in private channels, to count who joined the discussion.',
  'im:history': 'Checks its own direct messages so a reminder is never sent twice after a restart.',
  'im:write': 'Opens a direct message with you for your callback reminders.',
  'reactions:read': 'Counts reactions on the daily principle for the weekly stats.',
  'users:read': 'Reads your name, time zone and locale, so times read right for you.',
  'files:write': 'Shares the weekly stats chart and CSV with team leads.',
};

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1d1c1d; }
  h1 { font-size: 1.6rem; }
  li { margin: .3rem 0; }
  code { background: #f4f4f4; padding: 0 .25rem; border-radius: 3px; }
  .button { display: inline-block; margin: 1rem 0; }
</style>
</head>
<body>
${body}
</body>
</html>
`;

export function renderInstallPage(installUrl: string, scopes: readonly string[]): string {
  const items = scopes.map((scope) => `<li><code>${esc(scope)}</code>: ${esc(SCOPE_REASONS[scope] ?? 'Used by the coach.')}</li>`).join('\n');
  return page(
    'Add Service Coach to Slack',
    `<h1>Add Service Coach to Slack</h1>
<p>Service Coach helps your customer-service team: a daily service principle in your channel, reminders so callback promises are kept, a weekly "I am your customer" discussion, and weekly numbers for team leads.</p>
<p><a class="button" href="${esc(installUrl)}"><img alt="Add to Slack" height="40" width="139" src="https://platform.slack-edge.com/img/add_to_slack.png" srcset="https://platform.slack-edge.com/img/add_to_slack.png 1x, https://platform.slack-edge.com/img/add_to_slack@2x.png 2x"></a></p>
<p>Slack will ask you to allow these permissions. Here is what each one is for:</p>
<ul>
${items}
</ul>
<p>It never reads your channels' other messages, and you can remove it any time from your workspace's app settings.</p>`,
  );
}

export function renderInstalledPage(workspaceName: string | undefined): string {
  const where = workspaceName ? ` to ${esc(workspaceName)}` : '';
  return page(
    'Service Coach is installed',
    `<h1>You're all set! 🎉</h1>
<p>Service Coach was added${where}. I've sent you a direct message in Slack, too.</p>
<p>What to do next:</p>
<ol>
<li>Invite the coach to your team's channel: type <code>/invite @Service Coach</code> there.</li>
<li>Type <code>/coach subscribe</code> in that channel for a daily principle at 09:00 on weekdays (or <code>/coach subscribe 08:30 Europe/London</code>).</li>
<li>Try <code>/promise-callback ACME-4411 by 3pm refund status</code> to get reminded of a callback.</li>
</ol>
<p>You can close this page.</p>`,
  );
}

/** What went wrong, in words, and how to try again; `status` for the HTTP answer. */
export function describeInstallFailure(code: string | undefined, installPath: string): { status: number; html: string } {
  const again = `<p><a href="${esc(installPath)}">Start the install again</a>.</p>`;
  const failure = (status: number, title: string, text: string) => ({ status, html: page(title, `<h1>${esc(title)}</h1>\n<p>${text}</p>\n${again}\n<p>Nothing was saved.</p>`) });
  switch (code) {
    case 'access_denied':
      return failure(200, 'The install was cancelled', 'You cancelled the install in Slack, so Service Coach was not added. You can add it whenever you like.');
    case 'slack_oauth_invalid_state':
      return failure(400, 'This install link has expired', 'This install link was already used or is more than 10 minutes old, or it was started in another browser. Links work once, in the browser that opened them.');
    case 'slack_oauth_missing_state':
      return failure(400, 'Please install from our page', "Slack sent you back without the check this page adds (this happens when the app is approved from Slack's admin pages). Start from our install page instead and it will work.");
    case 'slack_oauth_missing_code':
      return failure(400, "The install didn't finish", "Slack sent you back without the install code, so the install didn't finish.");
    default:
      return failure(500, "The install didn't finish", "Something went wrong while finishing the install. It's not something you did; please try again in a moment.");
  }
}
