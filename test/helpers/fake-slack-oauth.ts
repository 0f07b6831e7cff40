// The fake Slack's side of "Add to Slack": the consent screen, one-time codes, and the bot tokens it
// issues (with Slack's token rotation: expiring tokens and single-use refresh tokens), which tokens
// are revoked, and which install a token belongs to. Used by fake-slack-api.ts.

/** A workspace (or Grid org) that approves the app on the fake's consent screen. */
export interface FakeInstall {
  /** The workspace: unset for an org-wide install. */
  team?: { id: string; name: string };
  enterprise?: { id: string; name: string };
  isEnterpriseInstall?: boolean;
  /** Who clicked "Allow". */
  installerUserId: string;
  /** Slack's token rotation: tokens expire after `expiresInS` and come with a refresh token. */
  rotation?: { expiresInS: number };
}

export interface IssuedToken {
  install: FakeInstall;
  /** The install this token was issued for: 'T1', or 'E1' for an org-wide install. */
  key: string;
}

export const FAKE_CLIENT_ID = '1234.5678';
export const FAKE_CLIENT_SECRET = 'fake-client-secret';

export const FAKE_BOT_USER_ID = 'U_COACH_BOT';
export const FAKE_BOT_ID = 'B_COACH';

const SCOPE = 'channels:history,channels:read,chat:write,commands,files:write,groups:history,groups:read,im:history,im:write,reactions:read,users:read';

export class FakeSlackOAuth {
  /** Approvals waiting on the consent screen, codes handed out, tokens issued and revoked. */
  private readonly approvals: FakeInstall[] = [];
  private readonly codes = new Map<string, FakeInstall>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, IssuedToken>();
  private readonly revoked = new Set<string>();
  private nextToken = 1;

  /** The next visit to the consent screen is approved as this install ("Allow" clicked). */
  approveNext(install: FakeInstall): void {
    this.approvals.push(install);
  }

  /** Every bot token issued to an install, newest last ('T1', or 'E1' for an org-wide install). */
  tokensOf(key: string): string[] {
    return [...this.tokens].filter(([, t]) => t.key === key).map(([token]) => token);
  }

  /** auth.test for a token issued here: it answers for its own workspace or org. */
  authTest(token: string): Record<string, unknown> | undefined {
    const install = this.tokens.get(token)?.install;
    if (!install) return undefined;
    return {
      ok: true,
      url: `https://${install.team?.id ?? install.enterprise?.id}.fake.slack.test/`,
      team: install.team?.name ?? install.enterprise?.name,
      user: 'service_coach',
      ...(install.team ? { team_id: install.team.id } : {}),
      ...(install.enterprise ? { enterprise_id: install.enterprise.id } : {}),
      ...(install.isEnterpriseInstall ? { is_enterprise_install: true } : {}),
      user_id: FAKE_BOT_USER_ID,
      bot_id: FAKE_BOT_ID,
    };
  }

  revoke(token: string): void {
    this.revoked.add(token);
  }

  isRevoked(token: string): boolean {
    return this.revoked.has(token);
  }

  /**
   * The consent screen: approved ("Allow") → back to the app with a one-time code and the state as
   * given; nothing approved → Slack's "cancel" answer, error=access_denied. Returns where it redirects.
   */
  consent(query: URLSearchParams, redirectUrl: string): URL {
    const approved = this.approvals.shift();
    const back = new URL(query.get('redirect_uri') || redirectUrl);
    if (approved) {
      const code = `code-${this.nextToken++}`;
      this.codes.set(code, approved);
      back.searchParams.set('code', code);
    } else {
      back.searchParams.set('error', 'access_denied');
    }
    const state = query.get('state');
    if (state) back.searchParams.set('state', state);
    return back;
  }

  /** oauth.v2.access: a one-time code for an install's tokens, or (token rotation) a refresh token for a new pair. */
  exchange(params: Record<string, unknown>): Record<string, unknown> {
    if (params.client_id !== FAKE_CLIENT_ID || params.client_secret !== FAKE_CLIENT_SECRET) return { ok: false, error: 'invalid_client_id' };
    if (params.grant_type === 'refresh_token') {
      const old = this.refreshTokens.get(String(params.refresh_token));
      // Single use, as in Slack: a second refresh with the same token fails, and that pair is dead.
      if (!old) return { ok: false, error: 'invalid_refresh_token' };
      this.refreshTokens.delete(String(params.refresh_token));
      return { ok: true, ...this.issue(old.install), token_type: 'bot' };
    }
    const install = this.codes.get(String(params.code));
    if (!install) return { ok: false, error: 'invalid_code' };
    this.codes.delete(String(params.code));
    return {
      ok: true,
      app_id: 'A_COACH',
      authed_user: { id: install.installerUserId },
      token_type: 'bot',
      ...this.issue(install),
      bot_user_id: FAKE_BOT_USER_ID,
      team: install.team ?? null,
      enterprise: install.enterprise ?? null,
      is_enterprise_install: Boolean(install.isEnterpriseInstall),
    };
  }

  private issue(install: FakeInstall): Record<string, unknown> {
    const key = install.isEnterpriseInstall ? (install.enterprise?.id ?? '') : (install.team?.id ?? '');
    const n = this.nextToken++;
    const access = install.rotation ? `xoxe.xoxb-${key}-${n}` : `xoxb-${key}-${n}`;
    this.tokens.set(access, { install, key });
    if (!install.rotation) return { access_token: access, scope: SCOPE };
    const refresh = `xoxe-1-${key}-${n}`;
    this.refreshTokens.set(refresh, { install, key });
    return { access_token: access, scope: SCOPE, refresh_token: refresh, expires_in: install.rotation.expiresInS };
  }
}
