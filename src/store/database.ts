// The schema as Kysely sees it: one interface for both dialects. Times are UTC milliseconds since
// the epoch (INTEGER in SQLite, BIGINT in PostgreSQL, read back as numbers); flags are 0/1 integers
// in both, so a SQLite file made before the store spoke PostgreSQL upgrades in place unchanged.

import type { Generated } from 'kysely';
import type { Platform } from '../ports.ts';

/** Which days a channel gets its daily principle. */
/** 'weekdays', 'daily', or a team's own days ('mon,tue,wed,thu,sun'): see src/coach/work-days.ts. */
export type PostDays = string;

/** A channel's pass through the shuffled deck. */
export interface RotationState {
  order: string[];
  position: number;
  /** The last id used, so a reshuffle never starts with it. */
  lastId: string | null;
}

/** Where the store lives: a SQLite file (or ':memory:') or a PostgreSQL URL. */
export type StoreLocation = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export interface ChannelsTable {
  platform: Platform;
  workspace_id: string;
  address_key: string;
  label: string | null;
  timezone: string;
  post_time: Generated<string>;
  post_days: Generated<PostDays>;
  subscribed: Generated<number>;
  changed_by: string | null;
  updated_at: number;
  /** Set when the coach paused the channel because it can no longer post there (an UndeliverableReason). */
  paused_reason: Generated<string | null>;
}

export interface DeliveryProblemsTable {
  platform: Platform;
  workspace_id: string;
  kind: 'user' | 'channel';
  address_key: string;
  reason: string;
  reported_at: number;
}

export interface RotationsTable {
  platform: Platform;
  workspace_id: string;
  address_key: string;
  deck_order: string;
  position: number;
  last_id: string | null;
}

export interface DailyPicksTable {
  platform: Platform;
  workspace_id: string;
  address_key: string;
  local_date: string;
  principle_id: string;
}

export interface PostsTable {
  platform: Platform;
  workspace_id: string;
  ref: string;
  address_key: string;
  kind: string;
  item_id: string | null;
  local_date: string | null;
  posted_at: number;
}

export interface ParticipationTable {
  id: Generated<number>;
  platform: Platform;
  workspace_id: string;
  user_id: string;
  kind: string;
  address_key: string | null;
  target: string | null;
  dedupe_key: string;
  at: number;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  platform: Platform;
  workspace_id: string;
  subject: string;
  /** When the job runs next (moves with each retry). */
  due_at: number;
  /** When the occurrence was planned for (never moves); NULL only in rows from before version 6. */
  original_due_at: number | null;
  payload: Generated<string>;
  status: Generated<JobStatus>;
  attempts: Generated<number>;
  idempotency_key: string | null;
  claimed_at: number | null;
  /** The replica holding the claim (hostname:pid:random), while status is 'running'. */
  claimed_by: string | null;
  /** The claim is the holder's until then; after it, any replica may take the job over. */
  lease_until: number | null;
  /** Claims that ended without an outcome, plus the current one: above 1 means "recovered". */
  claims: Generated<number>;
  finished_at: number | null;
  last_error: string | null;
  created_at: number;
}

export interface SendBudgetsTable {
  platform: Platform;
  scope: string;
  second: number;
  used: number;
}

export interface ManagersTable {
  platform: Platform;
  workspace_id: string;
  user_id: string;
  added_by: string;
  added_at: number;
}

export interface AddressesTable {
  platform: Platform;
  workspace_id: string;
  kind: 'user' | 'channel';
  id: string;
  data: string;
  undeliverable: string | null;
  updated_at: number;
}

export type PromiseStatus = 'open' | 'kept' | 'late' | 'missed' | 'cancelled';

export interface PromisesTable {
  id: Generated<number>;
  platform: Platform;
  workspace_id: string;
  agent_id: string;
  agent_name: string | null;
  agent_tz: string;
  address_key: string | null;
  who: string | null;
  note: string | null;
  created_at: number;
  original_due_at: number;
  due_at: number;
  deadline_at: number;
  status: Generated<PromiseStatus>;
  closed_at: number | null;
  closed_by: string | null;
  renegotiated: Generated<number>;
  attempts: Generated<number>;
  revision: Generated<number>;
  tip_id: string | null;
  purged_at: number | null;
  /** Who held it when it came due (set once, at the due step); null before. */
  due_holder_id: Generated<string | null>;
}

export interface PromiseEventsTable {
  id: Generated<number>;
  promise_id: number;
  kind: string;
  actor_id: string | null;
  at: number;
  detail: Generated<string>;
  dedupe_key: string | null;
}

export interface SeenEventsTable {
  platform: Platform;
  workspace_id: string;
  event_id: string;
  at: number;
}

export interface SeenRequestsTable {
  platform: Platform;
  request_key: string;
  expires_at: number;
}

export interface DiscussionSchedulesTable {
  platform: Platform;
  workspace_id: string;
  address_key: string;
  weekday: Generated<number>;
  time: Generated<string>;
  enabled: Generated<number>;
  next_position: Generated<number>;
  updated_at: number;
}

export interface DiscussionsTable {
  platform: Platform;
  workspace_id: string;
  address_key: string;
  local_date: string;
  line_id: string;
  ref: string | null;
  opened_at: number | null;
  closes_at: number | null;
  wrapped_at: number | null;
  participants: number | null;
}

export interface PeopleTable {
  platform: Platform;
  workspace_id: string;
  user_id: string;
  name: string | null;
  tz: string | null;
  is_admin: Generated<number>;
  seen_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  platform: Platform;
  workspace_id: string;
  actor_id: string;
  at: number;
  action: string;
  subject: string;
  before: string | null;
  after: string | null;
}

export interface CoachInstancesTable {
  id: string;
  host: string;
  pid: number;
  started_at: number;
  beat_at: number;
}

export interface AgentTipsTable {
  platform: Platform;
  workspace_id: string;
  agent_id: string;
  last_tip_id: string | null;
}

export interface AwayPeriodsTable {
  id: Generated<number>;
  platform: Platform;
  workspace_id: string;
  user_id: string;
  starts_at: number;
  ends_at: number;
  set_by: string;
  created_at: number;
}

export type HandoverStatus = 'offered' | 'accepted' | 'declined';

export interface HandoversTable {
  id: Generated<number>;
  promise_id: number;
  from_id: string;
  to_id: string;
  offered_by: string;
  revision: number;
  status: Generated<HandoverStatus>;
  created_at: number;
  answered_at: number | null;
}

export interface StatusHintsTable {
  platform: Platform;
  workspace_id: string;
  user_id: string;
  status_key: string;
  asked_at: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface DashboardSessionsTable {
  id_hash: string;
  platform: Platform;
  workspace_id: string;
  user_id: string;
  name: string | null;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface DashboardGrantsTable {
  id_hash: string;
  kind: string;
  data: string;
  expires_at: number;
}

export interface ChannelHolidaysTable {
  platform: Platform;
  workspace_id: string;
  address_key: string;
  region: string;
  changed_by: string;
  updated_at: number;
}

export interface ClosedDaysTable {
  platform: Platform;
  workspace_id: string;
  address_key: string;
  local_date: string;
  added_by: string;
  added_at: number;
}

export interface WorkingHoursTable {
  platform: Platform;
  workspace_id: string;
  user_id: string;
  start_time: string;
  end_time: string;
  days: string;
  updated_at: number;
}

export interface SlackInstallationsTable {
  install_key: string;
  enterprise_id: string | null;
  team_id: string | null;
  is_enterprise_install: number;
  installer_user_id: string | null;
  /** Bolt's Installation as JSON, encrypted (src/token-cipher.ts). */
  data: string;
  token_expires_at: number | null;
  installed_at: number;
  updated_at: number;
}

export interface SlackOrgWorkspacesTable {
  team_id: string;
  enterprise_id: string;
  seen_at: number;
}

export interface Database {
  channels: ChannelsTable;
  rotations: RotationsTable;
  daily_picks: DailyPicksTable;
  posts: PostsTable;
  participation: ParticipationTable;
  jobs: JobsTable;
  send_budgets: SendBudgetsTable;
  managers: ManagersTable;
  addresses: AddressesTable;
  promises: PromisesTable;
  promise_events: PromiseEventsTable;
  seen_events: SeenEventsTable;
  seen_requests: SeenRequestsTable;
  discussion_schedules: DiscussionSchedulesTable;
  discussions: DiscussionsTable;
  people: PeopleTable;
  delivery_problems: DeliveryProblemsTable;
  dashboard_sessions: DashboardSessionsTable;
  dashboard_grants: DashboardGrantsTable;
  audit_log: AuditLogTable;
  coach_instances: CoachInstancesTable;
  agent_tips: AgentTipsTable;
  channel_holidays: ChannelHolidaysTable;
  closed_days: ClosedDaysTable;
  working_hours: WorkingHoursTable;
  away_periods: AwayPeriodsTable;
  handovers: HandoversTable;
  status_hints: StatusHintsTable;
  slack_installations: SlackInstallationsTable;
  slack_org_workspaces: SlackOrgWorkspacesTable;
  schema_migrations: SchemaMigrationsTable;
}
