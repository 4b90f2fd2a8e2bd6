// `frontier alerts …`: create, list, show, test, remove, pause and retry alerts from the shell.
import { describeIssues, newAlertSchema, alertPatchSchema, type AlertPatch } from '../alerts/alert-input.ts';
import { createMailer } from '../alerts/deliver-alert.ts';
import { enqueueDeliveries } from '../alerts/match-alerts.ts';
import { sendTestAlert } from '../alerts/test-alert.ts';
import { parseDuration } from '../core/config.ts';
import { QUEUE } from '../core/queues.ts';
import {
  alertChannels,
  createAlert,
  deleteAlert,
  getAlert,
  listAlerts,
  listDeliveries,
  requeueFailedDelivery,
  updateAlert,
  type Alert,
} from '../core/store/alerts.ts';
import type { Runtime } from '../runtime.ts';
import { publicUrl } from '../alerts/deliver-alert.ts';
import { UsageError } from './feeds.ts';

export type AlertArgs = Record<string, string | boolean | string[] | undefined>;

export const ALERTS_HELP = `  frontier alerts add --name N --query Q [--webhook URL [--slack]] [--email ADDR]…
                        [--scope story|article] [--mode instant|hourly|daily [--at 08:00] [--tz Asia/Karachi]]
                        [--surge [--window 24] [--factor 3] [--baseline-days 14] [--min 3]]
  frontier alerts list [--json]         every alert with its unread and failed counts
  frontier alerts show ID               settings, webhook secret and Atom feed URL
  frontier alerts test ID               send a sample now on every channel
  frontier alerts remove|enable|disable|mute|unmute ID
  frontier alerts snooze ID --for 2h    mute until then
  frontier alerts deliveries [--failed] [--alert ID]
  frontier alerts retry DELIVERY_ID | --failed   send failed deliveries again`;

function str(v: AlertArgs[string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function idArg(arg: string | undefined, usage: string): number {
  const id = Number(arg);
  if (!arg || !Number.isInteger(id) || id <= 0) throw new UsageError(`alerts: usage: ${usage}`);
  return id;
}

/** The alert fields given on the command line (only those given). */
export function alertFieldsFromArgs(values: AlertArgs): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const set = (key: string, v: unknown) => {
    if (v !== undefined) fields[key] = v;
  };
  set('name', str(values.name));
  set('query', str(values.query));
  set('webhookUrl', str(values.webhook));
  if (values.slack) fields.webhookFormat = 'slack';
  const emails = values.email;
  if (emails !== undefined) fields.emailTo = Array.isArray(emails) ? emails : [emails];
  set('scope', str(values.scope));
  set('mode', str(values.mode));
  set('digestAt', str(values.at));
  set('timeZone', str(values.tz));
  set('updateOutlets', str(values['update-outlets']));
  if (values.surge) fields.kind = 'surge';
  set('surgeWindowH', str(values.window));
  set('surgeFactor', str(values.factor));
  set('surgeBaselineDays', str(values['baseline-days']));
  set('surgeMin', str(values.min));
  return fields;
}

function feedUrl(base: string, alert: Alert): string {
  return `${base.replace(/\/+$/, '')}/alerts/${alert.id}/feed.xml?token=${alert.feedToken}`;
}

function describe(alert: Alert): string {
  const channels = alertChannels(alert);
  const how = alert.kind === 'surge'
    ? `surge: ≥ ${alert.surgeFactor}× the ${alert.surgeBaselineDays}-day baseline (min ${alert.surgeMin}) in ${alert.surgeWindowH} h`
    : `${alert.scope === 'story' ? 'once per incident' : 'every article'}, ${alert.mode === 'instant' ? 'instant' : `${alert.mode} digest at ${alert.digestAt} ${alert.timeZone}`}`;
  const state = !alert.enabled ? 'disabled' : alert.muted ? 'muted' : alert.snoozedUntil && alert.snoozedUntil > new Date() ? `snoozed until ${alert.snoozedUntil.toISOString()}` : 'on';
  return `${how}; ${channels.length ? channels.join(' + ') : 'inbox only'}; ${state}`;
}

/** Runs one `alerts` subcommand; `runtime()` opens the database and queues when a command needs them. */
export async function alertsCommand(runtime: () => Promise<Runtime>, args: string[], values: AlertArgs, out: (s: string) => void): Promise<void> {
  const [sub, arg] = args;
  const rt = await runtime();
  const { sql } = rt.deps;
  const base = publicUrl(rt.deps.config);
  switch (sub) {
    case 'add': {
      const parsed = newAlertSchema.safeParse(alertFieldsFromArgs(values));
      if (!parsed.success) throw new UsageError(`alerts add: ${describeIssues(parsed.error)}`);
      const alert = await createAlert(sql, parsed.data);
      out(`added alert ${alert.id}: ${alert.name} — ${describe(alert)}`);
      if (alert.webhookUrl) out(`  webhook secret (verifies X-Frontier-Signature): ${alert.webhookSecret}`);
      out(`  Atom feed: ${feedUrl(base, alert)}`);
      return;
    }
    case 'list': {
      const alerts = await listAlerts(sql);
      if (values.json) return out(JSON.stringify(alerts.map(({ webhookSecret: _s, feedToken: _t, ...a }) => a), null, 2));
      if (alerts.length === 0) return out('no alerts yet: frontier alerts add --name "Bannu attacks" --query "place:Bannu category:attack"');
      for (const a of alerts) {
        out(`${String(a.id).padStart(4)}  ${a.name}  [${a.query}]`);
        out(`      ${describe(a)}; ${a.notifications} notified, ${a.unread} unread${a.failedDeliveries ? `, ${a.failedDeliveries} FAILED deliveries` : ''}`);
      }
      return;
    }
    case 'show': {
      const alert = await getAlert(sql, idArg(arg, 'frontier alerts show ID'));
      if (!alert) throw new UsageError(`alerts: no alert ${arg}`);
      out(`alert ${alert.id}: ${alert.name}\n  query: ${alert.query}\n  ${describe(alert)}`);
      if (alert.webhookUrl) out(`  webhook: ${alert.webhookUrl} (${alert.webhookFormat})\n  webhook secret: ${alert.webhookSecret}`);
      if (alert.emailTo.length) out(`  email: ${alert.emailTo.join(', ')}`);
      out(`  Atom feed: ${feedUrl(base, alert)}`);
      return;
    }
    case 'test': {
      const id = idArg(arg, 'frontier alerts test ID');
      const result = await sendTestAlert(rt.deps, createMailer(rt.deps.config.SMTP_URL), id);
      if (!result) throw new UsageError(`alerts: no alert ${arg}`);
      out(`test notification ${result.notificationId} is in the inbox and the Atom feed`);
      for (const c of result.channels) {
        const o = c.outcome;
        out(`  ${c.channel}: ${o.status === 'sent' ? `sent${o.responseStatus ? ` (HTTP ${o.responseStatus})` : ''}` : o.status === 'skipped' ? `skipped: ${o.reason}` : `FAILED: ${o.error}`} (delivery ${c.deliveryId})`);
      }
      if (result.channels.some((c) => c.outcome.status === 'failed')) process.exitCode = 1;
      return;
    }
    case 'remove': {
      const id = idArg(arg, 'frontier alerts remove ID');
      if (!(await deleteAlert(sql, id))) throw new UsageError(`alerts: no alert ${arg}`);
      return out(`removed alert ${id}`);
    }
    case 'enable':
    case 'disable':
    case 'mute':
    case 'unmute':
    case 'snooze': {
      const id = idArg(arg, `frontier alerts ${sub} ID`);
      let patch: AlertPatch;
      if (sub === 'snooze') {
        const span = str(values.for);
        if (!span) throw new UsageError('alerts snooze: usage: frontier alerts snooze ID --for 2h');
        patch = { snoozedUntil: new Date(Date.now() + parseDuration(span) * 1000) };
      } else {
        patch = sub === 'enable' || sub === 'disable' ? { enabled: sub === 'enable' } : { muted: sub === 'mute', ...(sub === 'unmute' ? { snoozedUntil: null } : {}) };
      }
      const checked = alertPatchSchema.parse(patch);
      const alert = await updateAlert(sql, id, checked);
      if (!alert) throw new UsageError(`alerts: no alert ${arg}`);
      return out(`alert ${id}: ${describe(alert)}`);
    }
    case 'deliveries': {
      const alertId = str(values.alert) ? idArg(str(values.alert), 'frontier alerts deliveries [--failed] [--alert ID]') : undefined;
      const rows = await listDeliveries(sql, { alertId, status: values.failed ? 'failed' : undefined, limit: 200 });
      if (values.json) return out(JSON.stringify(rows, null, 2));
      if (rows.length === 0) return out(values.failed ? 'no failed deliveries' : 'no deliveries yet');
      for (const d of rows) {
        const what = d.digestKey ? `digest ${d.digestKey.toISOString()}` : `notification ${d.notificationId}`;
        out(`${String(d.id).padStart(6)}  ${d.status.padEnd(7)}  ${d.channel.padEnd(7)}  alert ${d.alertId} (${d.alertName}), ${what}, ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.lastError ? `\n        last error: ${d.lastError}` : ''}`);
      }
      return;
    }
    case 'retry': {
      const ids = values.failed
        ? (await listDeliveries(sql, { status: 'failed', limit: 10_000 })).map((d) => d.id)
        : [idArg(arg, 'frontier alerts retry DELIVERY_ID | --failed')];
      const queued: { id: number; retries: number }[] = [];
      for (const id of ids) {
        const retries = await requeueFailedDelivery(sql, id);
        if (retries === null) out(`delivery ${id} is not failed: left as it is`);
        else queued.push({ id, retries });
      }
      await enqueueDeliveries(rt.deps.queues[QUEUE.deliverAlert], queued);
      return out(`queued ${queued.length} deliver${queued.length === 1 ? 'y' : 'ies'} again${queued.length ? ' (running workers send them)' : ''}`);
    }
    default:
      throw new UsageError(`alerts: unknown subcommand ${sub ?? ''}\n${ALERTS_HELP}`);
  }
}
