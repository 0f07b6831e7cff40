// "Sign in with Slack" and Microsoft Entra ID through openid-client (authorization code + PKCE,
// state and nonce checked by the library). Both are OpenID Connect issuers; only their claims differ:
// Slack names the workspace in `https://slack.com/team_id`, Entra the tenant in `tid` and the person
// in `oid` (the same ids the Slack and Teams adapters use for workspaceId and userId).

import * as client from 'openid-client';
import type { OidcProviderConfig } from '../../src/config.ts';
import type { Platform } from '../../src/ports.ts';
import { CodedError } from '../../src/errors.ts';

export interface SignedInIdentity {
  platform: Platform;
  workspaceId: string;
  userId: string;
  name: string | null;
}

export interface PendingSignIn {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export class OidcSignIn {
  private discovered?: Promise<client.Configuration>;

  constructor(
    readonly provider: OidcProviderConfig,
    private readonly redirectUri: string,
  ) {}

  /** Discovery on first use (not at start-up): an unreachable issuer must not stop the coach. */
  private configuration(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(new URL(this.provider.issuer), this.provider.clientId, this.provider.clientSecret, undefined, {
        // Only a loopback issuer (tests, local demos) may be plain http.
        ...(isLoopbackHttp(this.provider.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        this.discovered = undefined; // try again on the next sign-in
        throw error;
      });
    return this.discovered;
  }

  async begin(): Promise<PendingSignIn> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  async finish(callbackUrl: URL, pending: Omit<PendingSignIn, 'url'>): Promise<SignedInIdentity> {
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new CodedError('SIGN_IN_FAILED', 'the provider sent no ID token');
    return identityFromClaims(this.provider.id, claims);
  }
}

export function identityFromClaims(provider: OidcProviderConfig['id'], claims: Record<string, unknown>): SignedInIdentity {
  const text = (key: string): string | undefined => (typeof claims[key] === 'string' && claims[key] ? (claims[key]) : undefined);
  const name = text('name') ?? text('given_name') ?? null;
  if (provider === 'slack') {
    const workspaceId = text('https://slack.com/team_id');
    const userId = text('https://slack.com/user_id') ?? text('sub');
    if (!workspaceId || !userId) throw new CodedError('SIGN_IN_FAILED', 'the Slack ID token has no team or user id');
    return { platform: 'slack', workspaceId, userId, name };
  }
  const workspaceId = text('tid');
  const userId = text('oid');
  if (!workspaceId || !userId) throw new CodedError('SIGN_IN_FAILED', 'the Entra ID token has no tenant (tid) or object id (oid)');
  return { platform: 'teams', workspaceId, userId, name };
}

function isLoopbackHttp(issuer: string): boolean {
  const url = new URL(issuer);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
