// Alerts in the dashboard: the list, create and edit with a live preview of the last 30 days, each
// alert's notifications (the inbox) and deliveries with their errors and a retry button, the Atom
// feed per alert, and the JSON API behind all of it.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { alertPatchSchema, describeIssues, newAlertSchema, ALERT_DEFAULTS, type AlertInput } from '../../../services/alerts/alert-input.ts';
import { renderAtomFeed } from '../../../services/alerts/channels/atom.ts';
import { enqueueDeliveries } from '../../../services/alerts/match-alerts.ts';
import { notificationView, type Snapshot } from '../../../services/alerts/notify.ts';
import { previewAlert } from '../../../services/alerts/preview.ts';
import { QueryError } from '../../../services/alerts/query/index.ts';
import { queueTestAlert } from '../../../services/alerts/test-alert.ts';
import type { NameIndex } from '../../../services/classifier/names.ts';
import type { Sql } from '../../../services/core/db.ts';
import { QUEUE, type Queues } from '../../../services/core/queues.ts';
import {
  alertChannels,
  createAlert,
  deleteAlert,
  getAlert,
  getDelivery,
  listAlerts,
  listDeliveries,
  listNotifications,
  markRead,
  requeueFailedDelivery,
  rotateAlertSecret,
  unreadCount,
  updateAlert,
  type Alert,
  type Delivery,
  type StoredNotification,
} from '../../../services/core/store/alerts.ts';
import { sameSecret, viewer, type Access } from '../auth.ts';
import { HttpError } from '../errors.ts';
import { html, page, type SafeHtml } from '../html.ts';
import { parseInput } from '../input.ts';
import { badges, formatter, localeOf, type Formatter } from './format.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/** Alerts as the API shows them: secrets only to admins. */
function publicAlert(alert: Alert, admin: boolean): Partial<Alert> {
  if (admin) return alert;
  const { webhookSecret: _s, feedToken: _t, ...rest } = alert;
  return rest;
}

/** An HTML form's strings as alert fields: checkboxes, a list of addresses, empty means unset. */
function formFields(body: Record<string, unknown>, opts: { partial: boolean }): Record<string, unknown> {
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : undefined);
  const fields: Record<string, unknown> = {};
  for (const k of ['name', 'query', 'kind', 'scope', 'mode', 'digestAt', 'timeZone', 'webhookFormat', 'updateOutlets', 'surgeWindowH', 'surgeFactor', 'surgeBaselineDays', 'surgeMin']) {
    const v = text(k);
    if (v !== undefined && v !== '') fields[k] = v;
  }
  const webhook = text('webhookUrl');
  if (webhook !== undefined || !opts.partial) fields.webhookUrl = webhook ? webhook : null;
  const emails = text('emailTo');
  if (emails !== undefined || !opts.partial) fields.emailTo = (emails ?? '').split(/[\s,;]+/).filter(Boolean);
  fields.muted = body.muted === 'on';
  return fields;
}

function parseAlert(input: unknown): AlertInput {
  const r = newAlertSchema.safeParse(input);
  if (!r.success) throw new HttpError(400, `invalid alert: ${describeIssues(r.error)}`);
  return r.data;
}

function parsePatch(input: unknown) {
  const r = alertPatchSchema.safeParse(input);
  if (!r.success) throw new HttpError(400, `invalid alert: ${describeIssues(r.error)}`);
  return r.data;
}

function feedUrl(req: Request, alert: Alert): string {
  return `${req.protocol}://${req.get('host')}/alerts/${alert.id}/feed.xml?token=${alert.feedToken}`;
}

function stateOf(alert: Alert, now = new Date()): string {
  if (!alert.enabled) return 'disabled';
  if (alert.muted) return 'muted';
  if (alert.snoozedUntil && alert.snoozedUntil > now) return 'snoozed';
  return 'on';
}

function howItFires(alert: Alert): string {
  if (alert.kind === 'surge') return `surge: ${alert.surgeFactor}× the ${alert.surgeBaselineDays}-day baseline in ${alert.surgeWindowH} h (at least ${alert.surgeMin})`;
  const scope = alert.scope === 'story' ? 'once per incident' : 'every article';
  return `${scope}, ${alert.mode === 'instant' ? 'instantly' : `${alert.mode} digest at ${alert.digestAt} ${alert.timeZone}`}`;
}

function channelsText(alert: Alert): string {
  const channels = alertChannels(alert).map((c) => (c === 'webhook' ? `webhook${alert.webhookFormat === 'slack' ? ' (Slack)' : ''}` : `email (${alert.emailTo.length})`));
  return [...channels, 'inbox', 'Atom feed'].join(' · ');
}

const KIND_LABEL: Record<StoredNotification['kind'], string> = {
  'story-new': 'new incident',
  'story-update': 'update',
  article: 'article',
  surge: 'surge',
  test: 'test',
};

function notificationRows(notes: StoredNotification[], f: Formatter, withAlert: boolean): SafeHtml {
  if (notes.length === 0) return html`<p class="empty">Nothing notified yet.</p>`;
  return html`<table class="notifications"><thead><tr><th>When</th>${withAlert ? html`<th>Alert</th>` : ''}<th>What</th><th class="num">Killed</th><th class="num">Injured</th></tr></thead><tbody>${notes.map((n) => {
    const s = n.snapshot as unknown as Snapshot;
    const href = n.storyId !== null ? `/stories/${n.storyId}` : n.articleId !== null ? `/articles/${n.articleId}` : `/alerts/${n.alertId}`;
    return html`<tr class="${n.readAt ? '' : 'unread'}"><td>${f.dateTime(n.createdAt)}${n.readAt ? '' : html`<div class="meta"><b>unread</b></div>`}</td>
${withAlert ? html`<td><a href="/alerts/${n.alertId}">${n.alertName}</a></td>` : ''}
<td><span class="badge kind-${n.kind}">${KIND_LABEL[n.kind]}</span> <a href="${href}">${s.title}</a>
<div class="meta">${[s.place, s.source, s.outletCount ? `${f.count(s.outletCount, 'outlet')}` : null].filter(Boolean).join(' · ')}</div>
${badges(s.categories ?? [])}${(s.changes ?? []).length ? html`<div class="meta">${(s.changes ?? []).join('; ')}</div>` : ''}</td>
<td class="num" data-label="killed">${s.killed ?? '—'}</td><td class="num" data-label="injured">${s.injured ?? '—'}</td></tr>`;
  })}</tbody></table>`;
}

function deliveryRows(rows: Delivery[], f: Formatter, admin: boolean, csrf: string): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">No deliveries: this alert has no webhook or email, or has not fired yet.</p>`;
  const token = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  return html`<table class="deliveries"><thead><tr><th>#</th><th>Channel</th><th>What</th><th>Status</th><th>Attempts</th><th>Last error</th><th></th></tr></thead><tbody>${rows.map((d) => html`<tr data-delivery-id="${d.id}">
<td>${d.id}</td><td>${d.channel}</td><td>${d.digestKey ? `digest up to ${f.dateTime(d.digestKey)}` : `notification ${d.notificationId}`}</td>
<td class="status-${d.status === 'sent' ? 'ok' : d.status === 'failed' ? 'failing' : 'new'}">${d.status}${d.sentAt ? html`<div class="meta">${f.dateTime(d.sentAt)}</div>` : ''}</td>
<td class="num" data-label="attempts">${d.attempts}${d.retries ? html`<div class="meta">retried ${d.retries}×</div>` : ''}</td>
<td class="error">${d.lastError ?? ''}</td>
<td>${admin && d.status === 'failed' ? html`<form class="inline-form" method="post" action="/alerts/deliveries/${d.id}/retry">${token}<button class="secondary">Retry</button></form>` : ''}</td></tr>`)}</tbody></table>`;
}

/** The create/edit form; `alert` fills it for editing. */
function alertForm(action: string, csrf: string, alert: Partial<AlertInput> & { name?: string; query?: string }, submit: string): SafeHtml {
  const v = { ...ALERT_DEFAULTS, ...alert };
  const opt = (name: string, value: string, label: string) => html`<option value="${value}"${name === value ? html` selected` : ''}>${label}</option>`;
  return html`<form method="post" action="${action}" class="panel stack alert-form" data-alert-form aria-labelledby="form-h"><h2 id="form-h">${submit}</h2>
<input type="hidden" name="_csrf" value="${csrf}">
<label for="a-name">Name</label><input id="a-name" name="name" required maxlength="200" value="${v.name ?? ''}" placeholder="Attacks in Bannu">
<label for="a-query">Query</label><input id="a-query" name="query" required maxlength="2000" value="${v.query ?? ''}" placeholder='TTP AND place:Bannu category:attack' spellcheck="false" autocomplete="off" aria-describedby="query-help">
<p class="meta" id="query-help">Words, "phrases", AND / OR / NOT or -word, (groups), prefix*, and filters: category:attack, place:"Khyber Pakhtunkhwa", actor:TTP, source:dawn.com, killed&gt;=5, injured&gt;=1, lang:en.</p>
<fieldset><legend>Fires</legend>
<label for="a-kind">Kind</label><select id="a-kind" name="kind">${opt(v.kind, 'match', 'on matching reports')}${opt(v.kind, 'surge', 'on a surge of matching incidents')}</select>
<label for="a-scope">Notify</label><select id="a-scope" name="scope">${opt(v.scope, 'story', 'once per incident, then on material changes')}${opt(v.scope, 'article', 'for every matching article')}</select>
<label for="a-outlets">Update when confirmed by this many more outlets</label><input id="a-outlets" name="updateOutlets" type="number" min="1" max="1000" value="${v.updateOutlets}">
<label for="a-mode">Delivery</label><select id="a-mode" name="mode">${opt(v.mode, 'instant', 'instantly')}${opt(v.mode, 'hourly', 'hourly digest')}${opt(v.mode, 'daily', 'daily digest')}</select>
<div class="stack" data-show-when="mode=hourly,daily"><label for="a-at">Digest at (local time; the minute for hourly)</label><input id="a-at" name="digestAt" value="${v.digestAt}" pattern="([01]?[0-9]|2[0-3]):[0-5][0-9]">
<label for="a-tz">Time zone</label><input id="a-tz" name="timeZone" value="${v.timeZone}" list="time-zones" autocomplete="off"></div>
<datalist id="time-zones">${TIME_ZONES.map((tz) => html`<option value="${tz}">`)}</datalist>
</fieldset>
<fieldset data-show-when="kind=surge"><legend>Surge settings</legend>
<label for="a-window">Window (hours)</label><input id="a-window" name="surgeWindowH" type="number" min="1" max="168" value="${v.surgeWindowH}">
<label for="a-factor">Fire at this many times the baseline</label><input id="a-factor" name="surgeFactor" type="number" min="1" max="100" step="0.1" value="${v.surgeFactor}">
<label for="a-baseline">Baseline (days before the window)</label><input id="a-baseline" name="surgeBaselineDays" type="number" min="1" max="90" value="${v.surgeBaselineDays}">
<label for="a-min">…and at least this many incidents</label><input id="a-min" name="surgeMin" type="number" min="1" value="${v.surgeMin}">
</fieldset>
<fieldset><legend>Channels</legend><p class="meta">Every alert has an inbox here and an Atom feed.</p>
<label for="a-webhook">Webhook URL</label><input id="a-webhook" name="webhookUrl" type="url" value="${v.webhookUrl ?? ''}" placeholder="https://hooks.example.org/frontier">
<label for="a-format">Webhook body</label><select id="a-format" name="webhookFormat">${opt(v.webhookFormat, 'json', 'JSON (signed)')}${opt(v.webhookFormat, 'slack', 'Slack-compatible')}</select>
<label for="a-email">Email to (one or more, separated by commas)</label><input id="a-email" name="emailTo" value="${v.emailTo.join(', ')}" placeholder="desk@example.org">
<label class="check"><input type="checkbox" name="muted"${v.muted ? html` checked` : ''}> Muted (keep notifications in the inbox, push nothing)</label>
</fieldset>
<button>${submit}</button></form>`;
}

function previewPanel(): SafeHtml {
  return html`<section class="panel preview" aria-labelledby="preview-h"><h2 id="preview-h">Preview: the last 30 days</h2>
<div id="alert-preview" data-preview aria-live="polite"><p class="meta">Type a query to see what it would have matched.</p></div></section>`;
}

/** Alert pages and API. `queues` lets the dashboard queue retries and test sends for the workers. */
export function alertsRouter(sql: Sql, access: Access, names: NameIndex, queues: Queues | undefined): Router {
  const router = Router();
  const deliverQueue = () => {
    if (!queues) throw new HttpError(503, 'no queue connection: retries and test sends need Redis');
    return queues[QUEUE.deliverAlert];
  };
  const loadAlert = async (id: number) => {
    const alert = await getAlert(sql, id);
    if (!alert) throw new HttpError(404, `alert ${id} not found`);
    return alert;
  };
  const retry = async (id: number) => {
    const retries = await requeueFailedDelivery(sql, id);
    if (retries === null) throw new HttpError(409, `delivery ${id} has not failed (or does not exist)`);
    await enqueueDeliveries(deliverQueue(), [{ id, retries }]);
    return { id, retries };
  };
  const runPreview = async (query: string, scope: 'story' | 'article') => {
    try {
      return await previewAlert(sql, names, { query, scope });
    } catch (error) {
      if (error instanceof QueryError) throw new HttpError(400, error.message);
      throw error;
    }
  };

  // pages
  router.get('/alerts', async (req, res) => {
    const f = formatter(localeOf(req));
    const { admin, csrf } = viewer(res);
    const alerts = await listAlerts(sql);
    const failed = alerts.reduce((n, a) => n + a.failedDeliveries, 0);
    const notice = typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : '';
    const body = html`<h1>Alerts <small>${f.num(alerts.length)} · <a href="/alerts/inbox">inbox</a></small></h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${failed ? html`<p class="warn" role="alert">${f.count(failed, 'delivery')} failed: open the alert to see why and retry.</p>` : ''}
${admin ? html`<p><a class="button" href="/alerts/new">New alert</a></p>` : html`<p class="meta">Sign in to create and change alerts.</p>`}
${alerts.length === 0 ? html`<p class="empty">No alerts yet.${admin ? ' Create one to be told when coverage matches a query.' : ''}</p>` : html`<table class="alerts"><thead><tr><th>Alert</th><th>How</th><th>Channels</th><th class="num">Notified</th><th class="num">Unread</th><th>Last</th></tr></thead><tbody>${alerts.map((a) => html`<tr data-alert-id="${a.id}">
<td><a href="/alerts/${a.id}"><b>${a.name}</b></a> <span class="badge state-${stateOf(a)}">${stateOf(a)}</span><div class="meta"><code>${a.query}</code></div></td>
<td>${howItFires(a)}</td><td>${channelsText(a)}${a.failedDeliveries ? html`<div class="warn">${f.count(a.failedDeliveries, 'failed delivery')}</div>` : ''}</td>
<td class="num" data-label="notified">${f.num(a.notifications)}</td><td class="num" data-label="unread">${a.unread ? html`<b>${f.num(a.unread)}</b>` : '0'}</td><td data-label="last">${f.dateTime(a.lastNotifiedAt)}</td></tr>`)}</tbody></table>`}`;
    res.type('html').send(page('Alerts', body, { nav: '/alerts', ...viewer(res), csrf }));
  });

  router.get('/alerts/inbox', async (req, res) => {
    const f = formatter(localeOf(req));
    const { admin, csrf } = viewer(res);
    const unreadOnly = req.query.unread === '1';
    const notes = await listNotifications(sql, { unreadOnly, limit: 200 });
    const unread = await unreadCount(sql);
    const body = html`<h1>Inbox <small>${f.num(unread)} unread</small></h1>
<p><a href="/alerts/inbox${unreadOnly ? '' : '?unread=1'}">${unreadOnly ? 'Show all' : 'Show unread only'}</a> · <a href="/alerts">All alerts</a></p>
${admin && unread ? html`<form method="post" action="/alerts/inbox/read" class="inline-form"><input type="hidden" name="_csrf" value="${csrf}"><button class="secondary">Mark all read</button></form>` : ''}
${notificationRows(notes, f, true)}`;
    res.type('html').send(page('Inbox', body, { nav: '/alerts', ...viewer(res) }));
  });
  router.post('/alerts/inbox/read', access.requireAdminPage, async (_req, res) => {
    const n = await markRead(sql, {});
    res.redirect(303, `/alerts?notice=${encodeURIComponent(`Marked ${n} notifications read.`)}`);
  });

  router.get('/alerts/new', access.requireAdminPage, (_req, res) => {
    const { csrf } = viewer(res);
    const body = html`<h1>New alert</h1><div class="grid alert-edit">${alertForm('/alerts', csrf, {}, 'Create alert')}${previewPanel()}</div>`;
    res.type('html').send(page('New alert', body, { nav: '/alerts', ...viewer(res) }));
  });
  router.post('/alerts', access.requireAdminPage, async (req, res) => {
    const alert = await createAlert(sql, parseAlert(formFields(req.body ?? {}, { partial: false })));
    res.redirect(303, `/alerts/${alert.id}?notice=${encodeURIComponent('Alert created. Send a test to check its channels.')}`);
  });

  router.get('/alerts/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const f = formatter(localeOf(req));
    const { admin, csrf } = viewer(res);
    const alert = await loadAlert(id);
    const [notes, deliveries] = await Promise.all([listNotifications(sql, { alertId: id, limit: 100 }), listDeliveries(sql, { alertId: id, limit: 100 })]);
    const notice = typeof req.query.notice === 'string' ? req.query.notice.slice(0, 300) : '';
    const token = html`<input type="hidden" name="_csrf" value="${csrf}">`;
    const action = (path: string, label: string, cls = 'secondary', confirm?: string) =>
      html`<form class="inline-form" method="post" action="/alerts/${id}/${path}">${token}<button class="${cls}"${confirm ? html` data-confirm="${confirm}"` : ''}>${label}</button></form>`;
    const failed = deliveries.filter((d) => d.status === 'failed').length;
    const unread = notes.filter((n) => !n.readAt).length;
    const body = html`<h1>${alert.name} <span class="badge state-${stateOf(alert)}">${stateOf(alert)}</span></h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p><code>${alert.query}</code></p><p>${howItFires(alert)} · ${channelsText(alert)}</p>
${admin ? html`<p class="actions">${action('test', 'Send a test now')}${action(alert.muted ? 'unmute' : 'mute', alert.muted ? 'Unmute' : 'Mute')}${action(alert.enabled ? 'disable' : 'enable', alert.enabled ? 'Disable' : 'Enable')}${unread ? action('read', 'Mark all read') : ''}${action('delete', 'Delete', 'danger', 'Delete this alert with its notifications?')}</p>
<details class="panel"><summary>Secrets: Atom feed and webhook signature</summary>
<p>Atom feed (follow it in any feed reader; the token is the password): <br><code class="wrap">${feedUrl(req, alert)}</code></p>
${alert.webhookUrl ? html`<p>Webhook ${alert.webhookUrl}: each POST carries <code>X-Frontier-Signature: sha256=HMAC(secret, timestamp + "." + body)</code>, <code>X-Frontier-Timestamp</code> and <code>X-Frontier-Delivery</code> (the same id on a resend: use it to drop duplicates). Secret: <code class="wrap">${alert.webhookSecret}</code></p>` : ''}
<p>${action('rotate-feed', 'New feed token')}${alert.webhookUrl ? action('rotate-webhook', 'New webhook secret') : ''}</p></details>` : ''}
<section aria-labelledby="notes-h"><h2 id="notes-h">Notifications <small>${f.num(notes.length)}${notes.length === 100 ? '+' : ''} · ${f.num(unread)} unread</small></h2>${notificationRows(notes, f, false)}</section>
<section aria-labelledby="del-h"><h2 id="del-h">Deliveries ${failed ? html`<small class="warn">${f.num(failed)} failed</small>` : ''}</h2>${deliveryRows(deliveries, f, admin, csrf)}</section>
${admin ? html`<div class="grid alert-edit">${alertForm(`/alerts/${id}`, csrf, alert, 'Save changes')}${previewPanel()}</div>` : ''}`;
    res.type('html').send(page(alert.name, body, { nav: '/alerts', ...viewer(res) }));
  });
  router.post('/alerts/:id', access.requireAdminPage, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const alert = await updateAlert(sql, id, parsePatch(formFields(req.body ?? {}, { partial: false })));
    if (!alert) throw new HttpError(404, `alert ${id} not found`);
    res.redirect(303, `/alerts/${id}?notice=${encodeURIComponent('Saved.')}`);
  });
  router.post('/alerts/:id/:action', access.requireAdminPage, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const action = parseInput(z.enum(['test', 'mute', 'unmute', 'enable', 'disable', 'read', 'delete', 'rotate-feed', 'rotate-webhook']), req.params.action);
    await loadAlert(id);
    let notice: string;
    switch (action) {
      case 'test': {
        const queued = await queueTestAlert(sql, deliverQueue(), id);
        notice = queued.deliveries === 0
          ? 'Test notification added to the inbox and the feed (the alert has no webhook or email).'
          : `Test queued on ${queued.deliveries} channel${queued.deliveries === 1 ? '' : 's'}: see Deliveries below in a moment.`;
        break;
      }
      case 'delete':
        await deleteAlert(sql, id);
        return void res.redirect(303, `/alerts?notice=${encodeURIComponent(`Alert ${id} deleted.`)}`);
      case 'read':
        notice = `Marked ${await markRead(sql, { alertId: id })} notifications read.`;
        break;
      case 'rotate-feed':
      case 'rotate-webhook':
        await rotateAlertSecret(sql, id, action === 'rotate-feed' ? 'feed' : 'webhook');
        notice = action === 'rotate-feed' ? 'New feed token: update your feed reader.' : 'New webhook secret: update your receiver.';
        break;
      default: {
        const patch = action === 'mute' || action === 'unmute' ? { muted: action === 'mute', ...(action === 'unmute' ? { snoozedUntil: null } : {}) } : { enabled: action === 'enable' };
        await updateAlert(sql, id, patch);
        notice = `Alert ${action}d.`;
      }
    }
    res.redirect(303, `/alerts/${id}?notice=${encodeURIComponent(notice)}`);
  });
  router.post('/alerts/deliveries/:id/retry', access.requireAdminPage, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const delivery = await getDelivery(sql, id);
    await retry(id);
    res.redirect(303, `/alerts/${delivery?.alertId ?? ''}?notice=${encodeURIComponent(`Delivery ${id} queued again.`)}`);
  });

  // API
  router.get('/api/alerts/preview', async (req, res) => {
    const q = parseInput(z.object({ query: z.string().trim().min(1, 'a query is required').max(2000), scope: z.enum(['story', 'article']).default('story') }), req.query);
    res.json(await runPreview(q.query, q.scope));
  });
  router.get('/api/alerts', async (_req, res) => {
    const { admin } = viewer(res);
    res.json({ alerts: (await listAlerts(sql)).map((a) => publicAlert(a, admin)), unread: await unreadCount(sql) });
  });
  router.post('/api/alerts', access.requireAdmin, async (req, res) => {
    res.status(201).json(await createAlert(sql, parseAlert(req.body)));
  });
  router.get('/api/alerts/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    res.json(publicAlert(await loadAlert(id), viewer(res).admin));
  });
  router.patch('/api/alerts/:id', access.requireAdmin, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const alert = await updateAlert(sql, id, parsePatch(req.body));
    if (!alert) throw new HttpError(404, `alert ${id} not found`);
    res.json(alert);
  });
  router.delete('/api/alerts/:id', access.requireAdmin, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    if (!(await deleteAlert(sql, id))) throw new HttpError(404, `alert ${id} not found`);
    res.status(204).end();
  });
  router.post('/api/alerts/:id/test', access.requireAdmin, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    await loadAlert(id);
    res.status(202).json(await queueTestAlert(sql, deliverQueue(), id));
  });
  router.get('/api/alerts/:id/notifications', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const q = parseInput(z.object({ unread: z.enum(['0', '1']).optional(), limit: z.coerce.number().int().min(1).max(500).default(50), before: z.coerce.number().int().positive().optional() }), req.query);
    await loadAlert(id);
    res.json({ notifications: await listNotifications(sql, { alertId: id, unreadOnly: q.unread === '1', limit: q.limit, beforeId: q.before }) });
  });
  router.get('/api/inbox', async (req, res) => {
    const q = parseInput(z.object({ unread: z.enum(['0', '1']).optional(), limit: z.coerce.number().int().min(1).max(500).default(50), before: z.coerce.number().int().positive().optional() }), req.query);
    res.json({ unread: await unreadCount(sql), notifications: await listNotifications(sql, { unreadOnly: q.unread === '1', limit: q.limit, beforeId: q.before }) });
  });
  router.post('/api/inbox/read', access.requireAdmin, async (req, res) => {
    const body = parseInput(z.object({ ids: z.array(z.number().int().positive()).max(1000).optional(), alertId: z.number().int().positive().optional() }), req.body ?? {});
    res.json({ marked: await markRead(sql, body) });
  });
  router.get('/api/deliveries', async (req, res) => {
    const q = parseInput(z.object({ status: z.enum(['pending', 'sending', 'sent', 'failed']).optional(), alertId: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }), req.query);
    res.json({ deliveries: await listDeliveries(sql, q) });
  });
  router.post('/api/deliveries/:id/retry', access.requireAdmin, async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    res.status(202).json(await retry(id));
  });
  return router;
}

/**
 * The Atom feed of one alert, opened by its token (feed readers cannot sign in); mounted before the
 * read-access check. A wrong token is a 404, like a missing alert, so ids cannot be probed.
 */
export function alertFeedRouter(sql: Sql, publicUrl: (req: Request) => string): Router {
  const router = Router();
  router.get('/alerts/:id/feed.xml', async (req: Request, res: Response) => {
    const { id } = parseInput(idParam, req.params);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const alert = await getAlert(sql, id);
    if (!alert || !token || !sameSecret(token, alert.feedToken)) throw new HttpError(404, 'no such feed (check the token in the alert page)');
    const base = publicUrl(req);
    const notes = await listNotifications(sql, { alertId: id, limit: 50 });
    const items = notes.map((n) => notificationView(n, base));
    const xml = renderAtomFeed({ id: alert.id, name: alert.name, query: alert.query }, items, {
      selfUrl: `${base}/alerts/${id}/feed.xml?token=${encodeURIComponent(alert.feedToken)}`,
      alertUrl: `${base}/alerts/${id}`,
      updated: items[0]?.createdAt ?? alert.updatedAt,
    });
    res.type('application/atom+xml; charset=utf-8').set('cache-control', 'private, max-age=60').send(xml);
  });
  return router;
}
