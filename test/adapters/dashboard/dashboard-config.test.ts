// The dashboard's settings: both sign-ins are plain OpenID Connect issuer configs, and a half-done
// setup is reported in words a person can act on, all problems at once.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { identityFromClaims } from '../../../adapters/dashboard/oidc-sign-in.ts';

const base = { DATABASE_URL: ':memory:', DEFAULT_TIMEZONE: 'Europe/London' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('dashboard settings', () => {
  it('turns on Slack and Entra ID sign-in as two issuers', () => {
    const config = loadConfig({ ...base, SLACK_OIDC_CLIENT_ID: 'c1', SLACK_OIDC_CLIENT_SECRET: 's1', ENTRA_CLIENT_ID: 'c2', ENTRA_CLIENT_SECRET: 's2', ENTRA_TENANT_ID: 'contoso-tenant' });
    expect(config.dashboard.providers).toEqual([
      { id: 'slack', label: 'Sign in with Slack', issuer: 'https://slack.com', clientId: 'c1', clientSecret: 's1' },
      { id: 'entra', label: 'Sign in with Microsoft', issuer: 'https://login.microsoftonline.com/contoso-tenant/v2.0', clientId: 'c2', clientSecret: 's2' },
    ]);
    expect(config.dashboard.sessionHours).toBe(12);
    expect(config.dashboard.inConsole).toBe('auto');
  });

  it('reports every half-done setting at once', () => {
    const message = problemsOf({ SLACK_OIDC_CLIENT_ID: 'c1', ENTRA_CLIENT_ID: 'c2', ENTRA_CLIENT_SECRET: 's2', DASHBOARD_SESSION_SECRET: 'short', DASHBOARD_CONSOLE: 'maybe', DASHBOARD_URL: 'coach.example.com' });
    expect(message).toContain('SLACK_OIDC_CLIENT_ID and SLACK_OIDC_CLIENT_SECRET go together');
    expect(message).toContain('ENTRA_TENANT_ID is missing (your directory (tenant) ID)');
    expect(message).toContain('DASHBOARD_SESSION_SECRET must be at least 32 characters');
    expect(message).toContain('DASHBOARD_CONSOLE must be auto, on or off (got "maybe").');
    expect(message).toContain('DASHBOARD_URL must be an http(s) URL such as https://coach.example.com (got "coach.example.com").');
  });

  it('maps Slack and Entra ID tokens to the ids the chat adapters use', () => {
    expect(identityFromClaims('slack', { sub: 'U1', 'https://slack.com/team_id': 'T1', 'https://slack.com/user_id': 'U1', name: 'Sam' })).toEqual({ platform: 'slack', workspaceId: 'T1', userId: 'U1', name: 'Sam' });
    expect(identityFromClaims('entra', { sub: 'pairwise', tid: 'tenant', oid: 'object', name: 'Tess' })).toEqual({ platform: 'teams', workspaceId: 'tenant', userId: 'object', name: 'Tess' });
    expect(() => identityFromClaims('entra', { sub: 'x' })).toThrow('the Entra ID token has no tenant (tid) or object id (oid)');
  });
});
