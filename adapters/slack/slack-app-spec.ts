// What the Slack app needs from Slack: the slash commands, the bot events and the Web API methods
// it uses, and the bot scopes those require. manifest.json must declare exactly these (a test
// checks it), so a scope is never asked for "just in case" and a new command is never forgotten.

/** Every slash command the adapter registers with Bolt (names without the slash): exactly the core's. */
export function slashCommandNames(coachCommands: readonly string[]): string[] {
  return [...new Set(['coach', ...coachCommands])];
}

/** Event types the adapter listens to (Bolt names) → manifest bot_events and the scopes they need. */
export const HANDLED_EVENTS: Readonly<Record<string, { botEvents: string[]; scopes: string[] }>> = {
  app_home_opened: { botEvents: ['app_home_opened'], scopes: [] },
  // The app was removed from a workspace, or its tokens revoked: its scheduled work stops.
  app_uninstalled: { botEvents: ['app_uninstalled'], scopes: [] },
  tokens_revoked: { botEvents: ['tokens_revoked'], scopes: [] },
  // The coach was invited: public and private channels.
  member_joined_channel: { botEvents: ['member_joined_channel'], scopes: ['channels:read', 'groups:read'] },
  reaction_added: { botEvents: ['reaction_added'], scopes: ['reactions:read'] },
  reaction_removed: { botEvents: ['reaction_removed'], scopes: ['reactions:read'] },
  // Thread replies under the coach's posts, in public and private channels (not DMs).
  message: { botEvents: ['message.channels', 'message.groups'], scopes: ['channels:history', 'groups:history'] },
  // A status such as "Vacationing" is a hint that someone is out of office: the coach asks them once.
  user_status_changed: { botEvents: ['user_status_changed'], scopes: ['users:read'] },
  user_change: { botEvents: ['user_change'], scopes: ['users:read'] },
};

/** Web API methods the adapter calls → the bot scopes they need. */
export const METHOD_SCOPES: Readonly<Record<string, string[]>> = {
  'auth.test': [],
  // "Add to Slack": the code exchange and token rotation (no scope: client id and secret).
  'oauth.v2.access': [],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.open': ['im:write'],
  // A recovered job looks for its own message before posting again: channels, private channels, DMs.
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'users.info': ['users:read'],
  'views.publish': [],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
};

/** The smallest set of bot scopes the code uses: slash commands + events + Web API methods. */
export function requiredBotScopes(): string[] {
  const scopes = new Set<string>(['commands']);
  for (const { scopes: s } of Object.values(HANDLED_EVENTS)) s.forEach((x) => scopes.add(x));
  for (const s of Object.values(METHOD_SCOPES)) s.forEach((x) => scopes.add(x));
  return [...scopes].sort();
}

export function requiredBotEvents(): string[] {
  return Object.values(HANDLED_EVENTS)
    .flatMap((e) => e.botEvents)
    .sort();
}
