-- Daily rollups of stories for the overview: per day, per dimension value (province, place, actor,
-- outlet, claim, or all stories) and per category ('*' any, '+cas' any casualty category), the count
-- and the casualty sums. Kept current incrementally: a trigger marks the days a story write touches,
-- and refreshStoryRollups recomputes only those days.

create table story_rollups (
  day         date not null,
  dim         text not null check (dim in ('all', 'undated', 'country', 'province', 'place', 'actor', 'outlet', 'claim')),
  value       text not null,
  category    text not null,
  stories     integer not null,
  killed      integer not null,
  killed_min  integer not null,
  killed_max  integer not null,
  injured     integer not null,
  injured_min integer not null,
  injured_max integer not null,
  primary key (dim, value, category, day)
);
-- top lists (places, actors, sources…) over a range: an index-only scan of exactly the rows they sum
create index story_rollups_list_idx on story_rollups (dim, category, day) include (value, stories, killed);

create table story_rollup_dirty (day date primary key);

create function mark_story_rollup_dirty() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    insert into story_rollup_dirty values ((old.first_seen at time zone 'UTC')::date) on conflict do nothing;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into story_rollup_dirty values ((new.first_seen at time zone 'UTC')::date) on conflict do nothing;
  end if;
  return null;
end $$;

create trigger stories_rollup_dirty after insert or update or delete on stories
  for each row execute function mark_story_rollup_dirty();

-- every day that already has stories starts dirty
insert into story_rollup_dirty select distinct (first_seen at time zone 'UTC')::date from stories on conflict do nothing;

-- Coverage health per UTC day (articles ingested, feed polls, feeds failing), stored once a day is
-- over: articles and polls are only ever written with the current time, so a past day never changes.
create table ingest_days (
  day           date primary key,
  articles      integer not null,
  polls         integer not null,
  failed_polls  integer not null,
  feeds_failing integer not null
);
