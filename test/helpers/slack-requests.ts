// Signed Slack requests, as Slack sends them: for tests and the benchmark that talk to a coach over
// real HTTP. Slack signs `v0:{timestamp}:{body}` with HMAC-SHA256; Bolt accepts a 5-minute window.
import crypto from 'node:crypto';

export function signSlack(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashCommandOptions {
  command: string;
  text: string;
  responseUrl: string;
  team?: string;
  user?: string;
  userName?: string;
  channel?: string;
  channelName?: string;
  /** Slack gives every request its own trigger_id. */
  triggerId?: string;
}

/** The form body of a slash command, exactly as Slack posts it. */
export function slashCommandBody(o: SlashCommandOptions): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: o.team ?? 'T1',
    team_domain: 'acme',
    channel_id: o.channel ?? 'C_SUPPORT',
    channel_name: o.channelName ?? 'support',
    user_id: o.user ?? 'U_ALICE',
    user_name: o.userName ?? 'alice',
    command: o.command,
    text: o.text,
    api_app_id: 'A_COACH',
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? '123.456.abc',
  }).toString();
}

/** Headers for a body signed now (or at `timestamp`). Exactly this content type: Bolt answers 400 to `; charset=…`. */
export function signedHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signSlack(secret, timestamp, body),
  };
}

export async function postSlack(baseUrl: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const response = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text() };
}
