import type { FixtureArticle } from '../../services/demo/fixture-articles.ts';
import { demoArticles } from '../../services/demo/store-fixtures.ts';

const TITLE_VARIANTS: ((title: string) => string)[] = [
  (t) => t,
  (t) => `${t} - report`,
  (t) => `Updated: ${t}`,
  (t) => `${t} (details)`,
  (t) => `Latest: ${t}`,
  (t) => `${t} | analysis`,
];

/** `dawn.com` → `dawn3.com`: another outlet, so another feed on the fixture site. */
function editionDomain(domain: string, edition: number): string {
  if (edition === 0) return domain;
  const [first, ...rest] = domain.split('.');
  return [`${first}${edition}`, ...rest].join('.');
}

/**
 * `count` fixture articles made from the demo's (~500-600) in deterministic editions: each edition is
 * another set of outlets (`dawn2.com`, "Dawn · edition 2"), with its own ids and URLs, a lightly varied
 * title and a publication time shifted by edition × 53 minutes; the last edition is cut at `count`, so
 * a scenario's size does not change when fixtures are added. The site serves one feed per outlet
 * listing all of its items: about 20 outlet feeds per edition, plus the wire round-up.
 */
export function faultCorpus(count: number): FixtureArticle[] {
  const base = demoArticles();
  const editions = Math.ceil(count / base.length);
  if (editions > TITLE_VARIANTS.length) throw new Error(`fixture-corpus: at most ${TITLE_VARIANTS.length * base.length} articles`);
  const out: FixtureArticle[] = [];
  for (let edition = 0; edition < editions; edition++) {
    for (const a of base.slice(0, count - out.length)) {
      out.push({
        ...a,
        id: edition === 0 ? a.id : `${a.id}-e${edition}`,
        domain: editionDomain(a.domain, edition),
        outlet: edition === 0 ? a.outlet : `${a.outlet} · edition ${edition + 1}`,
        title: TITLE_VARIANTS[edition]!(a.title),
        published: a.published ? new Date(Date.parse(a.published) + edition * 53 * 60_000).toISOString() : null,
      });
    }
  }
  return out;
}
