// The schema, as numbered steps. Never edit a step that has shipped: add the next number.
// Times are UTC milliseconds since the epoch; every row carries its platform and workspace.

import type { Migration } from './migrate.ts';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'channels, rotation, daily picks, posts, participation, jobs',
    sql: `
      CREATE TABLE channels (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        label         TEXT,
        timezone      TEXT NOT NULL,
        post_time     TEXT NOT NULL DEFAULT '09:00',
        post_days     TEXT NOT NULL DEFAULT 'weekdays',
        subscribed    INTEGER NOT NULL DEFAULT 0,
        changed_by    TEXT,
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key)
      );

      -- The shuffled deck order per channel and how far through it we are.
      CREATE TABLE rotations (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        deck_order    TEXT NOT NULL,          -- JSON array of principle ids
        position      INTEGER NOT NULL,       -- index of the next id to use
        last_id       TEXT,                   -- never repeat this one first after a reshuffle
        PRIMARY KEY (platform, workspace_id, address_key),
        FOREIGN KEY (platform, workspace_id, address_key) REFERENCES channels ON DELETE CASCADE
      );

      -- Today's principle per channel and local date: the same one all day.
      CREATE TABLE daily_picks (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        local_date    TEXT NOT NULL,          -- YYYY-MM-DD in the channel's zone
        principle_id  TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key, local_date),
        FOREIGN KEY (platform, workspace_id, address_key) REFERENCES channels ON DELETE CASCADE
      );

      -- Messages the coach posted to channels (refs are the platform's message ids).
      CREATE TABLE posts (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        ref           TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        kind          TEXT NOT NULL,          -- 'principle', 'discussion', 'hello', …
        item_id       TEXT,
        local_date    TEXT,
        posted_at     INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, ref)
      );
      CREATE INDEX posts_by_channel_day ON posts (platform, workspace_id, address_key, kind, local_date);

      -- Who did what, for the weekly stats. dedupe_key makes retried events count once.
      CREATE TABLE participation (
        id            INTEGER PRIMARY KEY,
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        kind          TEXT NOT NULL,          -- 'ack', 'reaction', 'reply'
        address_key   TEXT,
        target        TEXT,                   -- the post ref or day the action was about
        dedupe_key    TEXT NOT NULL UNIQUE,
        at            INTEGER NOT NULL
      );
      CREATE INDEX participation_by_time ON participation (platform, workspace_id, at);

      -- The durable job queue: every future event is a row; nothing lives only in memory.
      CREATE TABLE jobs (
        id              INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL,
        platform        TEXT NOT NULL,
        workspace_id    TEXT NOT NULL,
        subject         TEXT NOT NULL,        -- what the job is about, to cancel a group: 'channel:…', 'promise:42'
        due_at          INTEGER NOT NULL,
        payload         TEXT NOT NULL DEFAULT '{}',
        status          TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'running', 'done', 'skipped', 'failed', 'cancelled')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        idempotency_key TEXT UNIQUE,
        claimed_at      INTEGER,
        finished_at     INTEGER,
        last_error      TEXT,
        created_at      INTEGER NOT NULL
      );
      -- Partial indexes: the loop only ever looks at live jobs, however long the history grows.
      CREATE INDEX jobs_due ON jobs (due_at) WHERE status = 'pending';
      CREATE INDEX jobs_live_subject ON jobs (subject) WHERE status IN ('pending', 'running');

      -- Managers (team leads) named with /coach managers add, besides COACH_MANAGERS and platform admins.
      CREATE TABLE managers (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        added_by      TEXT NOT NULL,
        added_at      INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, user_id)
      );

      -- Delivery data adapters keep per user/channel (Teams ConversationReferences…), opaque to the core.
      CREATE TABLE addresses (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('user', 'channel')),
        id            TEXT NOT NULL,
        data          TEXT NOT NULL,
        undeliverable TEXT,                   -- why the platform refuses it for good, or NULL
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, kind, id)
      );
    `,
  },
  {
    version: 2,
    name: 'callback promises and their history',
    sql: `
      -- One row per callback promise. who/note are personal data: erased (NULL) after the retention
      -- period once closed; the outcome and times stay for stats.
      CREATE TABLE promises (
        id               INTEGER PRIMARY KEY,
        platform         TEXT NOT NULL,
        workspace_id     TEXT NOT NULL,
        agent_id         TEXT NOT NULL,
        agent_name       TEXT,
        agent_tz         TEXT NOT NULL,       -- the IANA zone the due time was read in
        address_key      TEXT,                -- where it was made (for the record; reminders go by DM)
        who              TEXT,
        note             TEXT,
        created_at       INTEGER NOT NULL,
        original_due_at  INTEGER NOT NULL,    -- what was first promised, kept for the record
        due_at           INTEGER NOT NULL,    -- what the reminder ladder aims at now
        deadline_at      INTEGER NOT NULL,    -- done by this (+ grace) counts as kept
        status           TEXT NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'kept', 'late', 'missed', 'cancelled')),
        closed_at        INTEGER,
        closed_by        TEXT,
        renegotiated     INTEGER NOT NULL DEFAULT 0,   -- snoozed/rescheduled before it was due
        attempts         INTEGER NOT NULL DEFAULT 0,   -- "couldn't reach them"
        revision         INTEGER NOT NULL DEFAULT 0,   -- bumped on every re-plan of the ladder
        tip_id           TEXT,
        purged_at        INTEGER
      );
      CREATE INDEX promises_open_by_agent ON promises (platform, workspace_id, agent_id, due_at) WHERE status = 'open';
      CREATE INDEX promises_by_created ON promises (platform, workspace_id, created_at);
      CREATE INDEX promises_by_closed ON promises (platform, workspace_id, closed_at, created_at);
      CREATE INDEX promises_to_purge ON promises (closed_at) WHERE purged_at IS NULL AND status <> 'open';
      CREATE INDEX promises_last_by_agent ON promises (platform, workspace_id, agent_id, id);

      -- Every state change with its time and actor; reminders sent (dedupe_key = the job's key).
      -- Never holds who/note.
      CREATE TABLE promise_events (
        id          INTEGER PRIMARY KEY,
        promise_id  INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        actor_id    TEXT,
        at          INTEGER NOT NULL,
        detail      TEXT NOT NULL DEFAULT '{}',
        dedupe_key  TEXT UNIQUE
      );
      CREATE INDEX promise_events_by_promise ON promise_events (promise_id, at);
    `,
  },
  {
    version: 5,
    name: 'discussions, people, event dedupe, stats indexes',
    sql: `
      -- Stats read participation by workspace and week, grouped by person and kind: this covering
      -- index answers those queries from the index alone (1,000 people × a year stays fast). It
      -- starts with the columns of participation_by_time, which it replaces.
      CREATE INDEX participation_stats ON participation (platform, workspace_id, at, user_id, kind, address_key);
      DROP INDEX participation_by_time;
      -- Per-post counts (acks on a day, people in a discussion thread).
      CREATE INDEX participation_by_target ON participation (platform, workspace_id, kind, target);

      -- Platform event ids already handled: Slack retries events and Bolt does not deduplicate.
      CREATE TABLE seen_events (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        event_id      TEXT NOT NULL,
        at            INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, event_id)
      ) WITHOUT ROWID;

      -- The weekly "I am your customer" discussion of a channel: when, and which poem line is next.
      CREATE TABLE discussion_schedules (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        weekday       INTEGER NOT NULL DEFAULT 2,     -- ISO: Monday = 1 … Sunday = 7
        time          TEXT NOT NULL DEFAULT '10:00',  -- HH:MM in the channel's zone
        enabled       INTEGER NOT NULL DEFAULT 1,
        next_position INTEGER NOT NULL DEFAULT 0,     -- index into the poem lines, in order
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key),
        FOREIGN KEY (platform, workspace_id, address_key) REFERENCES channels ON DELETE CASCADE
      );

      -- Each discussion opened: the line is fixed before posting, so a retried post reuses it.
      CREATE TABLE discussions (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        local_date    TEXT NOT NULL,          -- the channel's local day it opened
        line_id       TEXT NOT NULL,
        ref           TEXT,                   -- the thread starter, once posted
        opened_at     INTEGER,
        closes_at     INTEGER,
        wrapped_at    INTEGER,
        participants  INTEGER,
        PRIMARY KEY (platform, workspace_id, address_key, local_date)
      );
      CREATE INDEX discussions_by_ref ON discussions (platform, workspace_id, ref);

      -- People as last seen (name, zone, admin flag): names for stats rows, zones for digests.
      CREATE TABLE people (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        name          TEXT,
        tz            TEXT,
        is_admin      INTEGER NOT NULL DEFAULT 0,
        seen_at       INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, user_id)
      );
    `,
  },
  {
    version: 6,
    name: 'job leases for several replicas, finished-job sweep index',
    sql: `
      -- A claim is a lease: the replica that holds it (hostname, pid, a random part), until when
      -- (renewed while the handler runs), and how many claims ended without an outcome: a job whose
      -- count is above one was recovered from a crash or an expired lease, and checks before sending.
      ALTER TABLE jobs ADD COLUMN claimed_by TEXT;
      ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
      ALTER TABLE jobs ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
      -- due_at moves with each retry; this keeps when the occurrence was meant to happen, so a
      -- retried job still knows its day and how late it really is.
      ALTER TABLE jobs ADD COLUMN original_due_at INTEGER;
      UPDATE jobs SET original_due_at = due_at;
      -- Jobs left running by a version without leases: their process is gone, so their lease is over.
      UPDATE jobs SET lease_until = 0, claims = 1 WHERE status = 'running';
      CREATE INDEX jobs_leases ON jobs (lease_until) WHERE status = 'running';
      -- The retention sweep reads finished jobs by age only.
      CREATE INDEX jobs_finished ON jobs (finished_at) WHERE status IN ('done', 'skipped', 'failed', 'cancelled');

      -- Sends per second a platform allows per scope (Teams: 50 per app per tenant), counted for
      -- every replica together: each replica pacing itself alone would let three send 150.
      CREATE TABLE send_budgets (
        platform      TEXT NOT NULL,
        scope         TEXT NOT NULL,
        second        INTEGER NOT NULL,       -- Unix time in whole seconds
        used          INTEGER NOT NULL,
        PRIMARY KEY (platform, scope, second)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'seen signed requests (replay refusal)',
    sql: `
      -- Signed platform requests already handled (a hash of the Slack signature), kept until their
      -- timestamp leaves the 5-minute window: one replayed request is refused on every replica.
      CREATE TABLE seen_requests (
        platform      TEXT NOT NULL,
        request_key   TEXT NOT NULL,
        expires_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, request_key)
      ) WITHOUT ROWID;
      CREATE INDEX seen_requests_by_expiry ON seen_requests (expires_at);
    `,
  },
  {
    version: 8,
    name: 'delivery problems reported once per address; channels paused by the coach',
    sql: `
      -- An address a platform refused for good, reported once: the row is the "already told"
      -- mark shared by every replica, and goes when the address works again.
      CREATE TABLE delivery_problems (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        kind          TEXT NOT NULL,          -- 'channel' or 'user'
        address_key   TEXT NOT NULL,          -- the channel key or the user id
        reason        TEXT NOT NULL,          -- an UndeliverableReason
        reported_at   INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, kind, address_key)
      ) WITHOUT ROWID;

      -- Why the coach itself stopped a channel's schedule (archived, removed…); NULL when it did not.
      -- A new subscription or the coach's return to the channel clears it.
      ALTER TABLE channels ADD COLUMN paused_reason TEXT;
    `,
  },
  {
    version: 9,
    name: 'audit log, running coach instances',
    sql: `
      -- Who changed which shared setting, when, from what to what. before/after are short
      -- descriptions of settings ("weekdays at 09:00 (Europe/London)"), never a customer's details.
      CREATE TABLE audit_log (
        id            INTEGER PRIMARY KEY,
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        actor_id      TEXT NOT NULL,
        at            INTEGER NOT NULL,
        action        TEXT NOT NULL,          -- 'subscribe', 'managers.add', 'promise.close'…
        subject       TEXT NOT NULL,          -- a channel key, a user id, a promise number
        before        TEXT,
        after         TEXT
      );
      CREATE INDEX audit_log_by_time ON audit_log (platform, workspace_id, at);

      -- Each running coach process beats here; db:restore refuses while one has beaten recently.
      CREATE TABLE coach_instances (
        id          TEXT PRIMARY KEY,
        host        TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        started_at  INTEGER NOT NULL,
        beat_at     INTEGER NOT NULL
      );
    `,
  },
  {
    version: 10,
    name: 'dashboard sessions and sign-in grants',
    sql: `
      -- Signed-in dashboard sessions. The cookie carries a random id (signed); only its SHA-256
      -- is stored, so a copy of the database cannot be replayed as a cookie. Shared by replicas.
      CREATE TABLE dashboard_sessions (
        id_hash       TEXT PRIMARY KEY,
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        name          TEXT,
        csrf_token    TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL
      );
      CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);

      -- Short-lived, single-use sign-in grants: an OIDC round trip's state (PKCE verifier, nonce)
      -- or the console's one-time link. Taken (deleted) on first use.
      CREATE TABLE dashboard_grants (
        id_hash       TEXT PRIMARY KEY,
        kind          TEXT NOT NULL,
        data          TEXT NOT NULL,
        expires_at    INTEGER NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: 'the tip each agent saw last',
    sql: `
      -- The tip shown with each agent's latest promise, so the next one differs. A row of its own,
      -- taken in turn by promises made at once (see insertPromiseWithLadder).
      CREATE TABLE agent_tips (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        agent_id      TEXT NOT NULL,
        last_tip_id   TEXT,
        PRIMARY KEY (platform, workspace_id, agent_id)
      ) WITHOUT ROWID;
      INSERT INTO agent_tips (platform, workspace_id, agent_id, last_tip_id)
        SELECT p.platform, p.workspace_id, p.agent_id, p.tip_id FROM promises p
        WHERE p.id = (SELECT MAX(q.id) FROM promises q WHERE q.platform = p.platform AND q.workspace_id = p.workspace_id AND q.agent_id = p.agent_id);
    `,
    // UNLOGGED: a change to it commits without waiting for the write-ahead log to reach the disk,
    // so the agent's row is free again at once. The price: after a server crash or a failover the
    // table starts empty, and an agent's next promise may show the tip their last one showed.
    postgres: `
      CREATE UNLOGGED TABLE agent_tips (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        agent_id      TEXT NOT NULL,
        last_tip_id   TEXT,
        PRIMARY KEY (platform, workspace_id, agent_id)
      );
      INSERT INTO agent_tips (platform, workspace_id, agent_id, last_tip_id)
        SELECT p.platform, p.workspace_id, p.agent_id, p.tip_id FROM promises p
        WHERE p.id = (SELECT MAX(q.id) FROM promises q WHERE q.platform = p.platform AND q.workspace_id = p.workspace_id AND q.agent_id = p.agent_id);
    `,
  },
  {
    version: 12,
    name: 'holidays, closed days and working hours',
    sql: `
      -- The public-holiday region a channel follows (date-holidays' country[-state], like 'DE-BY'):
      -- its daily posts and weekly discussions skip those days.
      CREATE TABLE channel_holidays (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        region        TEXT NOT NULL,
        changed_by    TEXT NOT NULL,
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key)
      );

      -- The team's own closed days in a channel (local dates, YYYY-MM-DD), skipped like holidays.
      CREATE TABLE closed_days (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        local_date    TEXT NOT NULL,
        added_by      TEXT NOT NULL,
        added_at      INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key, local_date)
      );

      -- A person's own working hours (none: 09:00–17:00 weekdays), in their zone. A shift whose
      -- end is not after its start crosses midnight.
      CREATE TABLE working_hours (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        start_time    TEXT NOT NULL,
        end_time      TEXT NOT NULL,
        days          TEXT NOT NULL,
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, user_id)
      );
    `,
  },
  {
    version: 13,
    name: 'away periods, promise handovers, out-of-office status hints',
    sql: `
      -- A person out of office: [starts_at, ends_at), ends_at the start of their first day back.
      CREATE TABLE away_periods (
        id            INTEGER PRIMARY KEY,
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        starts_at     INTEGER NOT NULL,
        ends_at       INTEGER NOT NULL,
        set_by        TEXT NOT NULL,
        created_at    INTEGER NOT NULL
      );
      CREATE INDEX away_periods_by_person ON away_periods (platform, workspace_id, user_id, ends_at);

      -- A promise offered to a colleague, until they accept or decline. The giver's note is not
      -- stored (it may name the customer): it is only in the message to the colleague.
      CREATE TABLE handovers (
        id            INTEGER PRIMARY KEY,
        promise_id    INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
        from_id       TEXT NOT NULL,
        to_id         TEXT NOT NULL,
        offered_by    TEXT NOT NULL,
        revision      INTEGER NOT NULL,
        status        TEXT NOT NULL DEFAULT 'offered',
        created_at    INTEGER NOT NULL,
        answered_at   INTEGER
      );
      CREATE INDEX handovers_by_promise ON handovers (promise_id);

      -- An out-of-office status the person was already asked about, so they are asked once.
      CREATE TABLE status_hints (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        status_key    TEXT NOT NULL,
        asked_at      INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, user_id)
      );

      -- Who held a promise when it came due: its outcome counts for them (a later handover
      -- does not move it).
      ALTER TABLE promises ADD COLUMN due_holder_id TEXT;
    `,
  },
  {
    version: 14,
    name: 'slack installations (Add to Slack) and the workspaces of org-wide installs',
    sql: `
      -- One row per Slack install, keyed the way Slack requires: 'E:<enterprise id>' for an
      -- org-wide Enterprise Grid install, 'T:<team id>' otherwise (a workspace inside a Grid org
      -- can still be a workspace install). data is Bolt's whole Installation as JSON, encrypted
      -- (AES-256-GCM, SLACK_TOKEN_ENCRYPTION_KEY): no token is ever readable from a copy of the db.
      CREATE TABLE slack_installations (
        install_key           TEXT PRIMARY KEY,
        enterprise_id         TEXT,
        team_id               TEXT,
        is_enterprise_install INTEGER NOT NULL,
        installer_user_id     TEXT,
        data                  TEXT NOT NULL,
        token_expires_at      INTEGER,          -- rotating tokens: when the bot token expires (ms)
        installed_at          INTEGER NOT NULL,
        updated_at            INTEGER NOT NULL
      );

      -- Workspaces seen under an org-wide install: a job addressed to team T finds its org's token.
      CREATE TABLE slack_org_workspaces (
        team_id        TEXT PRIMARY KEY,
        enterprise_id  TEXT NOT NULL,
        seen_at        INTEGER NOT NULL
      );
    `,
  },
];
