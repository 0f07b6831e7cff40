// users.info → a person's timezone, name and admin flag, cached with a TTL. Slack rate-limits
// users.info (Tier 4, ~100/min) and a busy channel presses buttons all day, so one lookup per person
// per TTL is plenty; concurrent lookups for the same person share one request. A failed lookup
// answers "unknown" (the coach then uses the channel's or default zone) and is not cached.

import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';
import type { Clock } from '../../src/ports.ts';
import type { SlackProfile } from './from-slack.ts';

export const PROFILE_TTL_MS = 6 * 60 * 60 * 1000;
/** How long a failed users.info is trusted before asking again. */
export const FAILED_LOOKUP_TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 10_000;

interface Entry {
  profile: SlackProfile;
  expiresAt: number;
}

export class UserProfileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<SlackProfile>>();

  constructor(
    private readonly options: {
      /** The Web API client for a workspace: its own token when many workspaces installed the app. */
      clientFor: (teamId: string) => Promise<webApi.WebClient>;
      clock: Clock;
      logger: Logger;
      ttlMs?: number;
    },
  ) {}

  /** The cached profile, if fresh: lets a command be answered inside its ack without waiting on Slack. */
  peek(teamId: string, userId: string): SlackProfile | undefined {
    const hit = this.entries.get(`${teamId}:${userId}`);
    return hit && hit.expiresAt > this.options.clock.now().getTime() ? hit.profile : undefined;
  }

  async lookup(teamId: string, userId: string): Promise<SlackProfile> {
    const key = `${teamId}:${userId}`;
    const now = this.options.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.profile;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const request = this.fetch(teamId, userId).then((profile) => {
      this.pending.delete(key);
      // A failed lookup is remembered too, briefly: users.info is rate limited (Tier 4), and asking
      // again on every command from someone it cannot see would only use the limit up.
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { profile: profile ?? {}, expiresAt: now + (profile ? (this.options.ttlMs ?? PROFILE_TTL_MS) : FAILED_LOOKUP_TTL_MS) });
      return profile ?? {};
    });
    this.pending.set(key, request);
    return request;
  }

  private async fetch(teamId: string, userId: string): Promise<SlackProfile | undefined> {
    try {
      const client = await this.options.clientFor(teamId);
      const result = await client.users.info({ user: userId, include_locale: true });
      const user = result.user;
      if (!user) return undefined;
      const name = user.profile?.display_name || user.real_name || user.name;
      return {
        ...(name ? { name } : {}),
        ...(user.tz ? { tz: user.tz } : {}),
        // "en-US", "de-DE": decides how a numeric date such as 3/12 reads.
        ...(user.locale ? { locale: user.locale } : {}),
        // Slack workspace admins and owners count as managers.
        isAdmin: Boolean(user.is_admin || user.is_owner),
      };
    } catch (error) {
      this.options.logger.warn('slack users.info failed; using default zone', { error: (error as Error).message });
      return undefined;
    }
  }
}
