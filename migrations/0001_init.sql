-- Frontier Watch: feeds, polls, articles and their labels.

create table feeds (
  id              bigint generated always as identity primary key,
  url             text not null unique,
  name            text,
  enabled         boolean not null default true,
  interval_s      integer not null default 600 check (interval_s >= 30),
  -- per-feed offset so that feeds with one interval do not all fire together
  offset_s        integer not null default 0,
  etag            text,
  last_modified   text,
  status          text not null default 'new' check (status in ('new', 'ok', 'failing')),
  last_polled_at  timestamptz,
  last_success_at timestamptz,
  last_status     integer,
  last_error      text,
  error_count     integer not null default 0,
  next_check_at   timestamptz not null default now(),
  created_at      timestamptz not null default now()
);
create index feeds_due_idx on feeds (next_check_at) where enabled;

-- One row per poll: the history behind "feeds failing per day" and per-feed health.
create table feed_polls (
  id          bigint generated always as identity primary key,
  feed_id     bigint not null references feeds on delete cascade,
  polled_at   timestamptz not null default now(),
  outcome     text not null check (outcome in ('ok', 'not_modified', 'error')),
  http_status integer,
  items_seen  integer not null default 0,
  items_new   integer not null default 0,
  -- items the feed listed that could not become articles (no link, unusable link), and why
  items_skipped integer not null default 0,
  skipped     text,
  duration_ms integer,
  error       text
);
create index feed_polls_feed_idx on feed_polls (feed_id, polled_at desc);
create index feed_polls_time_idx on feed_polls (polled_at);

create table articles (
  id                bigint generated always as identity primary key,
  canonical_url     text not null unique,
  url               text not null,
  source            text not null,
  feed_id           bigint references feeds on delete set null,
  guid              text,
  feed_title        text,
  feed_summary      text,
  feed_published_at timestamptz,
  discovered_at     timestamptz not null default now(),
  -- pipeline progress: stored -> extracted -> classified (later stages append to this list)
  stage             text not null default 'stored',
  stage_at          timestamptz not null default now(),
  -- extraction
  title             text,
  byline            text,
  site_name         text,
  lang              text,
  excerpt           text,
  body              text,
  extract_status    text check (extract_status in ('ok', 'fallback')),
  extract_error     text,
  extracted_at      timestamptz,
  published_at      timestamptz,
  date_source       text check (date_source in ('page', 'feed', 'url', 'none')),
  date_trusted      boolean not null default false,
  -- classification
  relevant           boolean,
  relevance          real,
  casualties         jsonb,
  places             jsonb,
  actors             jsonb,
  claims             jsonb,
  classifier_version text,
  classified_at      timestamptz,
  search             tsvector generated always as (
    setweight(to_tsvector('english', coalesce(title, feed_title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(body, feed_summary, '')), 'B')) stored
);
create index articles_stage_idx on articles (stage, stage_at) where stage <> 'classified';
create index articles_published_idx on articles (published_at desc, id desc);
create index articles_source_idx on articles (source);
create index articles_search_idx on articles using gin (search);

-- Which feeds carried an article (the same story in two feeds is one article, two links).
create table feed_items (
  feed_id       bigint not null references feeds on delete cascade,
  article_id    bigint not null references articles on delete cascade,
  first_seen_at timestamptz not null default now(),
  primary key (feed_id, article_id)
);
create index feed_items_article_idx on feed_items (article_id);

create table article_categories (
  article_id bigint not null references articles on delete cascade,
  category   text not null,
  score      real not null,
  evidence   jsonb not null default '[]',
  primary key (article_id, category)
);
create index article_categories_category_idx on article_categories (category, article_id);
