// The OAuth `state` of an "Add to Slack" round trip: signed with SLACK_STATE_SECRET by Bolt's own
// ClearStateStore (so it expires after 10 minutes and cannot be forged), and also single-use: its
// hash is kept in the store when /slack/install hands it out and taken on the way back. A state
// replayed from a browser history, a log or another tab is refused on every replica, and nothing
// is stored for it.

import slackOAuth, { type StateStore } from '@slack/oauth';
import { saveGrant, takeGrant } from '../../src/store/dashboard-sessions-repo.ts';
import type { Db } from '../../src/store/open-store.ts';

// @slack/oauth is CommonJS whose re-exports Node's ESM loader cannot see by name: take them off the default export.
const { ClearStateStore, InvalidStateError } = slackOAuth;

const GRANT_KIND = 'slack.install-state';
/** Slack's consent screen, read and clicked through: Bolt's default cookie lifetime. */
export const STATE_TTL_SECONDS = 600;

export function createInstallStateStore(db: Db, stateSecret: string): StateStore {
  const signed = new ClearStateStore(stateSecret, STATE_TTL_SECONDS);
  return {
    async generateStateParam(installOptions, now) {
      const state = await signed.generateStateParam(installOptions, now);
      await saveGrant(db, state, GRANT_KIND, {}, new Date(now.getTime() + STATE_TTL_SECONDS * 1000));
      return state;
    },
    async verifyStateParam(now, state) {
      // The signature and age first: a forged state never touches the store.
      const options = await signed.verifyStateParam(now, state);
      if (!(await takeGrant(db, state, GRANT_KIND, now))) throw new InvalidStateError('The state was already used.');
      return options;
    },
  };
}
