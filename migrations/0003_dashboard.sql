-- Dashboard: coverage health by ingest day, and users' corrections of category labels.

create index articles_discovered_idx on articles (discovered_at);

-- A user's verdict on one category of one article: kept across reclassification (the classifier's
-- output is stored, then these are applied on top) and shown as corrections.
create table label_corrections (
  article_id bigint not null references articles on delete cascade,
  category   text not null,
  applies    boolean not null,
  note       text,
  created_at timestamptz not null default now(),
  primary key (article_id, category)
);
