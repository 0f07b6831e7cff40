// The dashboard's pages as server-rendered HTML: tables and forms work without JavaScript (the
// chart is the only scripted part, and its numbers are also in a table). Landmarks, labels,
// captions and aria-sort keep it usable with a keyboard and a screen reader; one column on a phone.

import { DateTime } from 'luxon';
import { describeAction, describeActor, describeAuditPeriod, describeValues, MAX_AUDIT_DAYS } from '../../src/coach/audit-words.ts';
import type { AuditPage, ChannelRow, OpenPromiseRow, Overview, PersonPage, Viewer, WeekRange } from '../../src/coach/dashboard/dashboard-data.ts';
import { formatWhen } from '../../src/coach/format-time.ts';
import { renderMentions } from '../../src/coach/mentions.ts';
import { countTrend, formatPercent, rateTrend, TREND_WEEKS } from '../../src/coach/stats/stats-message.ts';
import { describeWeekRange } from '../../src/coach/stats/iso-week.ts';
import { onTimeRate, type PeriodStats, type PersonWeek } from '../../src/coach/stats/weekly-stats.ts';
import { describeWorkDays } from '../../src/coach/work-days.ts';
import type { Actor } from '../../src/ports.ts';
import { esc, scriptJson } from './html.ts';

export const BASE = '/dashboard';

export interface PageContext {
  viewer?: Viewer;
  csrfToken?: string;
  /** A short line after a change ("Saved."), shown in a live region. */
  flash?: string;
  current?: 'overview' | 'people' | 'promises' | 'channels' | 'audit';
}

export function layout(title: string, body: string, ctx: PageContext = {}, extraHead = ''): string {
  const viewer = ctx.viewer;
  const link = (key: NonNullable<PageContext['current']>, href: string, label: string) =>
    `<li><a href="${href}"${ctx.current === key ? ' aria-current="page"' : ''}>${label}</a></li>`;
  const nav = viewer
    ? `<nav aria-label="Dashboard"><ul>${
        viewer.manager
          ? link('overview', BASE, 'Overview') + link('people', `${BASE}/people`, 'People') + link('promises', `${BASE}/promises`, 'Promises') + link('channels', `${BASE}/channels`, 'Channels') + link('audit', `${BASE}/audit`, 'Audit')
          : link('people', `${BASE}/people/${encodeURIComponent(viewer.actor.userId)}`, 'My page')
      }</ul>
      <form method="post" action="${BASE}/sign-out" class="sign-out"><input type="hidden" name="_csrf" value="${esc(ctx.csrfToken)}">
      <span>${esc(viewer.actor.name ?? viewer.actor.userId)}</span> <button type="submit">Sign out</button></form></nav>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Service Coach</title><link rel="stylesheet" href="${BASE}/assets/dashboard.css">${extraHead}</head>
<body><header><a class="brand" href="${BASE}">Service Coach</a>${nav}</header>
<main id="main"><h1>${esc(title)}</h1>
<p class="flash" role="status">${esc(ctx.flash ?? '')}</p>
${body}</main></body></html>`;
}

export function signInPage(providers: { id: string; label: string }[], note?: string): string {
  const buttons = providers.length
    ? providers.map((p) => `<p><a class="button" href="${BASE}/auth/${esc(p.id)}">${esc(p.label)}</a></p>`).join('')
    : '<p>No sign-in is set up for this coach. In the terminal, <code>npm start</code> prints a one-time sign-in link.</p>';
  return layout('Sign in', `${note ? `<p>${esc(note)}</p>` : ''}<p>Sign in with the account you use for chat. Managers see their team; everyone else sees their own numbers.</p>${buttons}`);
}

export function messagePage(title: string, text: string, ctx: PageContext = {}): string {
  return layout(title, `<p>${esc(text)}</p>`, ctx);
}

const when = (at: Date | undefined | null, zone: string): string => (at ? DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL yyyy, HH:mm', { locale: 'en-GB' }) : '—');

function rangeForm(action: string, range: WeekRange, hidden: Record<string, string> = {}): string {
  const extra = Object.entries(hidden).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  return `<form method="get" action="${esc(action)}" class="range" aria-label="Date range">${extra}
  <label>From week <input type="week" name="from" value="${esc(range.from.key)}" pattern="\\d{4}-W\\d{2}" required></label>
  <label>To week <input type="week" name="to" value="${esc(range.to.key)}" pattern="\\d{4}-W\\d{2}" required></label>
  <button type="submit">Show</button></form>
  <p class="hint">${esc(describeWeekRange(range.from).split(' – ')[0])} – ${esc(describeWeekRange(range.to).split(' – ')[1])} (${esc(range.zone)})</p>`;
}

/** The chat answer's trend words, without their brackets: the dashboard and `/coach stats` say the same. */
const unbracket = (text: string): string => text.replace(/^ \((.*)\)$/, '$1');
const countTrendWords = (current: number, previous: number[]) => unbracket(countTrend(current, previous));
const rateTrendWords = (current: number | null, previous: (number | null)[]) => unbracket(rateTrend(current, previous));

export function overviewPage(ctx: PageContext, range: WeekRange, overview: Overview, chartSpec: unknown, csvHref: string): string {
  const t = overview.current.totals;
  const prev = overview.previous.map((w) => w.totals);
  const cards: [string, string, string][] = [
    ['People taking part', String(t.people), countTrendWords(t.people, prev.map((p) => p.people))],
    ['Acknowledged', String(t.acknowledged), countTrendWords(t.acknowledged, prev.map((p) => p.acknowledged))],
    ['Discussion replies', String(t.replies), countTrendWords(t.replies, prev.map((p) => p.replies))],
    ['Promises made', String(t.made), countTrendWords(t.made, prev.map((p) => p.made))],
    ['Kept on time', formatPercent(t.onTimeRate), rateTrendWords(t.onTimeRate, prev.map((p) => p.onTimeRate))],
    ['Missed', String(t.missed), countTrendWords(t.missed, prev.map((p) => p.missed))],
  ];
  const totals = `<section aria-labelledby="week-h"><h2 id="week-h">Week ${esc(overview.current.week.key)}</h2>
  <p class="hint">${esc(describeWeekRange(overview.current.week))} · all channels · compared with the ${TREND_WEEKS} weeks before</p>
  <dl class="cards">${cards.map(([label, value, trend]) => `<div class="card"><dt>${esc(label)}</dt><dd><span class="figure" data-figure="${esc(label)}">${esc(value)}</span>${trend ? `<span class="trend">${esc(trend)}</span>` : ''}</dd></div>`).join('')}</dl></section>`;
  const rows = overview.trend
    .map((w) => `<tr><th scope="row">${esc(w.week.key)}</th><td>${w.totals.people}</td><td>${w.totals.acknowledged}</td><td>${w.totals.replies}</td><td>${w.totals.made}</td><td>${formatPercent(w.totals.onTimeRate)}</td><td>${w.totals.missed}</td></tr>`)
    .join('');
  const trend = `<section aria-labelledby="trend-h"><h2 id="trend-h">Trend</h2>${rangeForm(BASE, range)}
  <div id="chart" class="chart" role="img" aria-label="Line chart of acknowledged, discussion replies and promises on time per week; the same numbers are in the table below."></div>
  <script type="application/json" id="chart-spec">${scriptJson(chartSpec)}</script>
  <div class="scroll"><table><caption>Team totals per week</caption><thead><tr><th scope="col">Week</th><th scope="col">People</th><th scope="col">Acknowledged</th><th scope="col">Replies</th><th scope="col">Promises made</th><th scope="col">Kept on time</th><th scope="col">Missed</th></tr></thead><tbody>${rows}</tbody></table></div>
  <p><a href="${esc(csvHref)}" download>Download CSV</a> (one row per person per week, the same columns as <code>/coach stats … csv</code>)</p></section>`;
  return layout('Overview', totals + trend, { ...ctx, current: 'overview' }, `<script src="${BASE}/assets/vega.min.js" defer></script><script src="${BASE}/assets/vega-lite.min.js" defer></script><script src="${BASE}/assets/vega-embed.min.js" defer></script><script src="${BASE}/assets/dashboard.js" defer></script>`);
}

export const PEOPLE_COLUMNS = [
  { key: 'name', label: 'Person', value: (p: PersonWeek) => (p.name ?? p.userId).toLowerCase() },
  { key: 'acknowledged', label: 'Acknowledged', value: (p: PersonWeek) => p.acknowledged },
  { key: 'replies', label: 'Discussion replies', value: (p: PersonWeek) => p.replies },
  { key: 'made', label: 'Promises made', value: (p: PersonWeek) => p.promises.made },
  { key: 'kept', label: 'Kept', value: (p: PersonWeek) => p.promises.kept },
  { key: 'late', label: 'Late', value: (p: PersonWeek) => p.promises.late },
  { key: 'missed', label: 'Missed', value: (p: PersonWeek) => p.promises.missed },
  { key: 'ontime', label: 'On time', value: (p: PersonWeek) => onTimeRate(p.promises) ?? -1 },
] as const;

export type SortKey = (typeof PEOPLE_COLUMNS)[number]['key'];

export function sortPeople(people: readonly PersonWeek[], key: SortKey, dir: 'asc' | 'desc'): PersonWeek[] {
  const column = PEOPLE_COLUMNS.find((c) => c.key === key) ?? PEOPLE_COLUMNS[0];
  const sign = dir === 'asc' ? 1 : -1;
  return [...people].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const byValue = typeof x === 'string' ? x.localeCompare(y as string, 'en') : x - (y as number);
    return sign * byValue || a.userId.localeCompare(b.userId);
  });
}

export function peoplePage(ctx: PageContext, range: WeekRange, stats: PeriodStats, sort: SortKey, dir: 'asc' | 'desc'): string {
  const query = (extra: Record<string, string>) => `?${new URLSearchParams({ from: range.from.key, to: range.to.key, ...extra }).toString()}`;
  const head = PEOPLE_COLUMNS.map((c) => {
    const active = c.key === sort;
    const nextDir = active && dir === 'asc' ? 'desc' : active ? 'asc' : c.key === 'name' ? 'asc' : 'desc';
    return `<th scope="col"${active ? ` aria-sort="${dir === 'asc' ? 'ascending' : 'descending'}"` : ''}><a href="${esc(query({ sort: c.key, dir: nextDir }))}">${esc(c.label)}${active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</a></th>`;
  }).join('');
  const rows = sortPeople(stats.people, sort, dir)
    .map(
      (p) =>
        `<tr><th scope="row"><a href="${BASE}/people/${encodeURIComponent(p.userId)}${esc(query({}))}">${esc(p.name ?? p.userId)}</a></th><td>${p.acknowledged}</td><td>${p.replies}</td><td>${p.promises.made}</td><td>${p.promises.kept}</td><td>${p.promises.late}</td><td>${p.promises.missed}</td><td>${formatPercent(onTimeRate(p.promises))}</td></tr>`,
    )
    .join('');
  const body = `${rangeForm(`${BASE}/people`, range, { sort, dir })}
  <div class="scroll"><table class="people"><caption>${stats.people.length} ${stats.people.length === 1 ? 'person' : 'people'}, ${esc(range.from.key)} to ${esc(range.to.key)}. Choose a column heading to sort.</caption>
  <thead><tr>${head}</tr></thead><tbody>${rows || `<tr><td colspan="${PEOPLE_COLUMNS.length}">Nothing recorded in these weeks yet.</td></tr>`}</tbody></table></div>
  <p><a href="${BASE}/stats.csv${esc(query({}))}" download>Download CSV</a></p>`;
  return layout('People', body, { ...ctx, current: 'people' });
}

const OUTCOME_WORDS: Record<string, string> = { open: 'Open', kept: 'Kept', late: 'Late', missed: 'Missed', cancelled: 'Cancelled' };
const EVENT_WORDS: Record<string, string> = {
  done: 'done',
  cancelled: 'cancelled',
  snoozed: 'snoozed',
  rescheduled: 'rescheduled',
  unreachable: "couldn't reach them",
  missed: 'closed as missed',
  reassigned: 'handed over',
};

export function personPageHtml(ctx: PageContext, range: WeekRange, page: PersonPage, zone: string): string {
  const weeks = page.weeks
    .map(({ week, row }) => {
      const p = row?.promises;
      return `<tr><th scope="row">${esc(week.key)}</th><td>${row?.acknowledged ?? 0}</td><td>${row?.replies ?? 0}</td><td>${p?.made ?? 0}</td><td>${p?.kept ?? 0}</td><td>${p?.late ?? 0}</td><td>${p?.missed ?? 0}</td><td>${p ? formatPercent(onTimeRate(p)) : '—'}</td></tr>`;
    })
    .join('');
  const promises = page.promises
    .map((p) => {
      const history = p.history
        .filter((e) => EVENT_WORDS[e.kind])
        .map((e) => `${EVENT_WORDS[e.kind]} ${when(e.at, zone)}${typeof e.detail.reason === 'string' ? ` (“${esc(e.detail.reason)}”)` : ''}`)
        .join('; ');
      return `<tr><th scope="row">#${p.id}</th><td>${esc(p.who ?? '(details removed)')}</td><td>${when(p.dueAt, zone)}${p.originalDueAt.getTime() !== p.dueAt.getTime() ? `<br><span class="hint">first due ${when(p.originalDueAt, zone)}</span>` : ''}</td><td>${esc(OUTCOME_WORDS[p.status] ?? p.status)}${p.renegotiated ? ' (renegotiated)' : ''}</td><td>${esc(history) || '—'}</td></tr>`;
    })
    .join('');
  const query = `?${new URLSearchParams({ from: range.from.key, to: range.to.key }).toString()}`;
  const body = `${rangeForm(`${BASE}/people/${encodeURIComponent(page.userId)}`, range)}
  <section aria-labelledby="weeks-h"><h2 id="weeks-h">Week by week</h2><div class="scroll"><table><caption>Numbers per week</caption>
  <thead><tr><th scope="col">Week</th><th scope="col">Acknowledged</th><th scope="col">Discussion replies</th><th scope="col">Promises made</th><th scope="col">Kept</th><th scope="col">Late</th><th scope="col">Missed</th><th scope="col">On time</th></tr></thead><tbody>${weeks}</tbody></table></div></section>
  <section aria-labelledby="promises-h"><h2 id="promises-h">Callback promises</h2>${
    page.promises.length
      ? `<div class="scroll"><table><caption>The latest ${page.promises.length} promises, newest first</caption><thead><tr><th scope="col">Promise</th><th scope="col">Who</th><th scope="col">Due</th><th scope="col">Outcome</th><th scope="col">History</th></tr></thead><tbody>${promises}</tbody></table></div>`
      : '<p>No callback promises yet.</p>'
  }</section>${ctx.viewer?.manager ? `<p><a href="${BASE}/people${esc(query)}">Back to everyone</a></p>` : ''}`;
  return layout(page.name ?? page.userId, body, { ...ctx, current: 'people' });
}

const STEP_WORDS: Record<string, string> = {
  'promise.headsup': 'Heads-up',
  'promise.due': 'Due reminder',
  'promise.nudge': 'Overdue nudge',
  'promise.escalate': 'Escalation to leads',
  'promise.missed': 'Closed as missed',
};

export function promisesPage(ctx: PageContext, rows: OpenPromiseRow[], people: Actor[], zone: string, now: Date): string {
  const byAgent = new Map<string, OpenPromiseRow[]>();
  for (const row of rows) byAgent.set(row.promise.agentId, [...(byAgent.get(row.promise.agentId) ?? []), row]);
  const options = [...people]
    .sort((a, b) => (a.name ?? a.userId).localeCompare(b.name ?? b.userId, 'en'))
    .map((p) => `<option value="${esc(p.userId)}">${esc(p.name ?? p.userId)}</option>`)
    .join('');
  const sections = [...byAgent.values()]
    .map((list) => {
      const agent = list[0]?.promise;
      const items = list
        .map(({ promise: p, next }) => {
          const overdue = p.dueAt.getTime() < now.getTime();
          return `<tr><th scope="row">#${p.id}</th><td>${esc(p.who ?? '(details removed)')}</td><td>${when(p.dueAt, zone)}${overdue ? ' <strong class="overdue">overdue</strong>' : ''}</td><td>${next ? `${esc(STEP_WORDS[next.kind] ?? next.kind)}, ${when(next.at, zone)}` : '—'}</td>
          <td><details><summary>Change</summary>
          <form method="post" action="${BASE}/promises/${p.id}/close"><input type="hidden" name="_csrf" value="${esc(ctx.csrfToken)}">
          <label>Reason <input name="reason" required maxlength="500"></label> <button type="submit">Close promise #${p.id}</button></form>
          <form method="post" action="${BASE}/promises/${p.id}/reassign"><input type="hidden" name="_csrf" value="${esc(ctx.csrfToken)}">
          <label>Hand to <select name="to" required>${options}</select></label> <label>Reason <input name="reason" required maxlength="500"></label> <button type="submit">Hand over #${p.id}</button></form>
          </details></td></tr>`;
        })
        .join('');
      return `<section><h2>${esc(agent?.agentName ?? agent?.agentId)} <span class="hint">(${list.length} open, ${list.filter((r) => r.promise.dueAt.getTime() < now.getTime()).length} overdue)</span></h2>
      <div class="scroll"><table><caption>Open promises of ${esc(agent?.agentName ?? agent?.agentId)}, soonest first</caption><thead><tr><th scope="col">Promise</th><th scope="col">Who</th><th scope="col">Due</th><th scope="col">Next reminder</th><th scope="col">Manage</th></tr></thead><tbody>${items}</tbody></table></div></section>`;
    })
    .join('');
  return layout('Promises', sections || '<p>No open promises right now. 🎉</p>', { ...ctx, current: 'promises' });
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function channelsPage(ctx: PageContext, rows: ChannelRow[]): string {
  const sections = rows
    .map(({ channel: c, discussion: d, nextPost, nextDiscussion }) => {
      const name = c.label ?? c.key;
      const id = encodeURIComponent(c.key);
      const daysOptions = ['weekdays', 'daily', c.postDays].filter((v, i, all) => all.indexOf(v) === i).map((v) => `<option value="${esc(v)}"${v === c.postDays ? ' selected' : ''}>${esc(describeWorkDays(v))}</option>`).join('');
      return `<section aria-label="${esc(name)}"><h2>${esc(name)}</h2>
      <dl class="facts"><div><dt>Daily principle</dt><dd>${c.subscribed ? `${esc(describeWorkDays(c.postDays))} at ${esc(c.postTime)} (${esc(c.timezone)})` : 'Not subscribed'}</dd></div>
      <div><dt>Next post</dt><dd>${c.subscribed ? when(nextPost, c.timezone) : '—'}</dd></div>
      <div><dt>Discussion</dt><dd>${d.enabled ? `${WEEKDAYS[d.weekday - 1]} at ${esc(d.time)}` : 'Off'}${nextDiscussion ? `, next ${when(nextDiscussion, c.timezone)}` : ''}</dd></div></dl>
      ${
        ctx.viewer?.manager
          ? `<form method="post" action="${BASE}/channels/${id}/schedule"><fieldset><legend>Daily principle for ${esc(name)}</legend><input type="hidden" name="_csrf" value="${esc(ctx.csrfToken)}">
      <label>Time <input type="time" name="time" value="${esc(c.postTime)}" required></label>
      <label>Time zone <input name="timezone" value="${esc(c.timezone)}" required></label>
      <label>Days <input name="days" value="${esc(c.postDays)}" list="days-${id}" required></label><datalist id="days-${id}">${daysOptions}</datalist>
      <button type="submit">Save schedule</button></fieldset></form>
      <form method="post" action="${BASE}/channels/${id}/discussion"><fieldset><legend>Weekly discussion for ${esc(name)}</legend><input type="hidden" name="_csrf" value="${esc(ctx.csrfToken)}">
      <label>Day <select name="day">${WEEKDAYS.map((w, i) => `<option value="${w.slice(0, 3).toLowerCase()}"${i + 1 === d.weekday ? ' selected' : ''}>${w}</option>`).join('')}<option value="off"${d.enabled ? '' : ' selected'}>Off</option></select></label>
      <label>Time <input type="time" name="time" value="${esc(d.time)}"></label>
      <button type="submit">Save discussion</button></fieldset></form>`
          : ''
      }</section>`;
    })
    .join('');
  return layout('Channels', sections || '<p>No channels yet. Invite the coach to a channel and run <code>/coach subscribe</code> there.</p>', { ...ctx, current: 'channels' });
}

/** The audit log as `/coach audit` words it, with names in place of the chat mentions. */
export function auditPage(ctx: PageContext, days: number, page: AuditPage): string {
  const named = (text: string) =>
    renderMentions(text, (kind, id, name) => (kind === 'user' ? (page.people.get(id) ?? name ?? id) : (page.channels.get(id) ?? `#${id}`)));
  const rows = page.entries
    .map((e) => `<tr><th scope="row">${esc(named(describeActor(e.actorId)))}</th><td>${esc(formatWhen(e.at, page.zone))}</td><td>${esc(named(describeAction(e)))}</td><td>${esc(describeValues(e)) || '—'}</td></tr>`)
    .join('');
  const period = describeAuditPeriod(days);
  const form = `<form method="get" action="${BASE}/audit" class="range" aria-label="Period">
  <label>Days <input type="number" name="days" value="${days}" min="1" max="${MAX_AUDIT_DAYS}" required></label>
  <button type="submit">Show</button></form>`;
  const table = page.entries.length
    ? `<div class="scroll"><table class="audit"><caption>Changes to shared settings in ${esc(period)}, newest first (times in ${esc(page.zone)})${page.more ? `. Showing the latest ${page.entries.length}; fewer days narrows it.` : ''}</caption>
  <thead><tr><th scope="col">Who</th><th scope="col">When</th><th scope="col">What</th><th scope="col">Before → after</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : `<p>No changes to shared settings in ${esc(period)}.</p>`;
  return layout('Audit', form + table, { ...ctx, current: 'audit' });
}
