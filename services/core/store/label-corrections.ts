// Users' verdicts on category labels: stored apart from the classifier's output and applied on top of
// it every time an article is (re)classified, so a correction is never undone by a later run.

import type { Db } from '../db.ts';

export interface LabelCorrection {
  category: string;
  applies: boolean;
  note: string | null;
  createdAt: Date;
}

/**
 * Applies an article's corrections to its stored labels (in the caller's transaction), in one statement;
 * returns the article's categories afterwards.
 */
export async function applyLabelCorrections(tx: Db, articleId: number): Promise<string[]> {
  const rows = await tx<{ category: string }[]>`
    with corrections as (select * from label_corrections where article_id = ${articleId}),
    removed as (
      delete from article_categories c using corrections l
      where not l.applies and c.article_id = l.article_id and c.category = l.category returning c.category),
    added as (
      insert into article_categories (article_id, category, score, evidence)
      select article_id, category, 1, jsonb_build_array(jsonb_build_object(
        'term', 'corrected by a user', 'where', 'correction', 'snippet', coalesce(note, '')))
      from corrections where applies
      on conflict (article_id, category) do update set score = 1, evidence = excluded.evidence
      returning category),
    relevant as (
      update articles set relevant = true where id = ${articleId} and exists (select 1 from corrections where applies) returning id)
    select category from article_categories where article_id = ${articleId} and category not in (select category from removed)
    union select category from added`;
  return rows.map((r) => r.category);
}

/** Records a user's verdict on one label (replacing an earlier one) and applies it; false if no such article. */
export async function setLabelCorrection(tx: Db, articleId: number, category: string, applies: boolean, note: string | null): Promise<boolean> {
  const [article] = await tx`select id from articles where id = ${articleId} for update`;
  if (!article) return false;
  await tx`
    insert into label_corrections (article_id, category, applies, note) values (${articleId}, ${category}, ${applies}, ${note})
    on conflict (article_id, category) do update set applies = excluded.applies, note = excluded.note, created_at = now()`;
  await applyLabelCorrections(tx, articleId);
  return true;
}

/** An article's corrections, newest first. */
export async function labelCorrectionsOf(sql: Db, articleId: number): Promise<LabelCorrection[]> {
  return sql<LabelCorrection[]>`
    select category, applies, note, created_at as "createdAt" from label_corrections
    where article_id = ${articleId} order by created_at desc`;
}
