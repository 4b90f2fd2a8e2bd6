-- Keyword alerts: the alerts users define, the notifications they produce (one per incident and
-- material change, per article, or per surge; unique, so nothing is notified twice) and the deliveries
-- that push notifications out (one row per notification or digest and channel, with its attempts).

create table alerts (
  id                  bigint generated always as identity primary key,
  name                text not null check (length(name) between 1 and 200),
  query               text not null check (length(query) between 1 and 2000),
  -- match: notify on matching incidents/articles; surge: notify when matching incidents exceed a baseline
  kind                text not null default 'match' check (kind in ('match', 'surge')),
  scope               text not null default 'story' check (scope in ('story', 'article')),
  mode                text not null default 'instant' check (mode in ('instant', 'hourly', 'daily')),
  -- local wall time of daily digests (the minute of hourly ones) and the zone it is read in
  digest_at           text not null default '08:00' check (digest_at ~ '^([01]?[0-9]|2[0-3]):[0-5][0-9]$'),
  time_zone           text not null default 'UTC',
  -- a story is notified again when it gains this many outlets since its last notification
  update_outlets      integer not null default 3 check (update_outlets >= 1),
  webhook_url         text,
  webhook_format      text not null default 'json' check (webhook_format in ('json', 'slack')),
  webhook_secret      text not null,
  email_to            text[] not null default '{}',
  -- the token that opens the alert's Atom feed
  feed_token          text not null unique,
  enabled             boolean not null default true,
  -- muted (or snoozed): notifications are kept in the inbox and the feed, nothing is pushed
  muted               boolean not null default false,
  snoozed_until       timestamptz,
  surge_window_h      integer not null default 24 check (surge_window_h between 1 and 168),
  surge_factor        real not null default 3 check (surge_factor >= 1),
  surge_baseline_days integer not null default 14 check (surge_baseline_days between 1 and 90),
  surge_min           integer not null default 3 check (surge_min >= 1),
  surge_active        boolean not null default false,
  -- the last digest period handled
  last_digest_at      timestamptz,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now()
);

-- Bumped by every change to alerts, so that matchers reload their compiled queries only when needed.
create table alert_revision (
  id       integer primary key default 1 check (id = 1),
  revision bigint not null default 0
);
insert into alert_revision default values;

create function bump_alert_revision() returns trigger language plpgsql as $$
begin
  update alert_revision set revision = revision + 1 where id = 1;
  return null;
end $$;
create trigger alerts_revision after insert or update or delete or truncate on alerts
  for each statement execute function bump_alert_revision();

create table alert_notifications (
  id            bigint generated always as identity primary key,
  alert_id      bigint not null references alerts on delete cascade,
  kind          text not null check (kind in ('story-new', 'story-update', 'article', 'surge', 'test')),
  story_id      bigint,
  -- story notifications: 1 for the first, then one more per material change
  seq           integer,
  story_version integer,
  outlet_count  integer,
  article_id    bigint references articles on delete set null,
  surge_key     timestamptz,
  -- what was notified, as delivered (title, figures, links, what changed)
  snapshot      jsonb not null,
  created_at    timestamptz not null default now(),
  read_at       timestamptz,
  -- the digest period (its end) this notification was sent in, for digest alerts
  digest_key    timestamptz
);
create unique index alert_notifications_story_key on alert_notifications (alert_id, story_id, seq) where story_id is not null and kind in ('story-new', 'story-update');
create unique index alert_notifications_article_key on alert_notifications (alert_id, article_id) where kind = 'article';
create unique index alert_notifications_surge_key on alert_notifications (alert_id, surge_key) where kind = 'surge';
create index alert_notifications_alert_idx on alert_notifications (alert_id, id desc);
create index alert_notifications_unread_idx on alert_notifications (alert_id) where read_at is null;
create index alert_notifications_digest_idx on alert_notifications (alert_id, id) where digest_key is null;

create table alert_deliveries (
  id              bigint generated always as identity primary key,
  alert_id        bigint not null references alerts on delete cascade,
  channel         text not null check (channel in ('webhook', 'email')),
  -- an instant delivery carries one notification; a digest carries the notifications of its period
  notification_id bigint references alert_notifications on delete cascade,
  digest_key      timestamptz,
  status          text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts        integer not null default 0,
  -- manual retries after a final failure (each gets a fresh job)
  retries         integer not null default 0,
  last_error      text,
  response_status integer,
  started_at      timestamptz,
  sent_at         timestamptz,
  created_at      timestamptz not null default now(),
  check ((notification_id is null) <> (digest_key is null))
);
create unique index alert_deliveries_notification_key on alert_deliveries (notification_id, channel) where notification_id is not null;
create unique index alert_deliveries_digest_key on alert_deliveries (alert_id, channel, digest_key) where digest_key is not null;
create index alert_deliveries_open_idx on alert_deliveries (status, created_at) where status <> 'sent';
create index alert_deliveries_alert_idx on alert_deliveries (alert_id, id desc);

-- Matching alerts is the article's last stage now. Articles grouped before alerts existed had nothing
-- to match; the sweep looks for rows that have not reached the last stage.
update articles set stage = 'matched' where stage = 'grouped';
drop index articles_stage_idx;
create index articles_stage_idx on articles (stage, stage_at) where stage <> 'matched';
