-- Stories: reports of one incident grouped together, with reconciled figures and user corrections.

create table stories (
  id              bigint generated always as identity primary key,
  title           text not null,
  -- the article whose title represents the story (the earliest full report)
  lead_article_id bigint,
  first_seen      timestamptz not null,
  -- false when no report has a date (the times are when we found them): left out of trends
  dated           boolean not null default true,
  last_seen       timestamptz not null,
  article_count   integer not null default 0,
  outlet_count    integer not null default 0,
  outlets         text[] not null default '{}',
  relevant        boolean not null default false,
  categories      text[] not null default '{}',
  -- the incident's place (counting unit: district, crossing or Afghan province), when one is agreed
  place           text,
  province        text,
  country         text,
  lat             double precision,
  lon             double precision,
  places          jsonb not null default '[]',
  actors          text[] not null default '{}',
  claims          jsonb not null default '[]',
  -- reconciled casualty figures: the trend figure (latest report) and the reported range
  killed          integer,
  injured         integer,
  killed_min      integer,
  killed_max      integer,
  injured_min     integer,
  injured_max     integer,
  casualties      jsonb not null default '{}',
  -- what retrieves the story as a same-incident candidate: place keys and distinctive title terms
  match_keys      text[] not null default '{}',
  -- bumped when a material fact changes (categories, casualty figures): alerts key on (story, version)
  version         integer not null default 1,
  merged_into     bigint references stories on delete set null,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
create index stories_window_idx on stories (last_seen) where merged_into is null;
create index stories_keys_idx on stories using gin (match_keys) where merged_into is null;
create index stories_first_seen_idx on stories (first_seen desc, id desc) where merged_into is null;
-- for the self-reference (`on delete set null` looks merged stories up)
create index stories_merged_into_idx on stories (merged_into) where merged_into is not null;

alter table articles
  add column story_id     bigint references stories on delete set null,
  -- set by a user correction (merge, split): later runs never move the article
  add column story_pinned boolean not null default false,
  -- MinHash signature of the body's word shingles, and its LSH band keys (near-duplicate lookup)
  add column minhash      integer[],
  add column lsh_bands    bigint[],
  -- the earlier article this one is a near-copy of (syndicated wire text)
  add column duplicate_of bigint references articles on delete set null,
  add column grouped_at   timestamptz;
create index articles_story_idx on articles (story_id);
create index articles_lsh_idx on articles using gin (lsh_bands);
create index articles_duplicate_of_idx on articles (duplicate_of) where duplicate_of is not null;

-- the sweep looks for rows that have not reached the last stage
drop index articles_stage_idx;
create index articles_stage_idx on articles (stage, stage_at) where stage <> 'grouped';

-- Corrections made by users, kept for audit and so that later runs respect them.
create table story_corrections (
  id          bigint generated always as identity primary key,
  kind        text not null check (kind in ('merge', 'split')),
  story_id    bigint not null,
  -- merge: the story merged into story_id; split: the story the article left
  other_story bigint,
  article_id  bigint,
  note        text,
  created_at  timestamptz not null default now()
);
