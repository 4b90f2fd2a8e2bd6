// Benchmark pages: each fixture article inside a news page of 50–300 KB, as outlets really serve them —
// a mega-menu, inline analytics and preloaded-state scripts, an SVG icon sprite, ad slots, related
// stories with excerpts, long comment threads and a footer of links. Deterministic from a seed.
import { escapeHtml as esc } from '../dashboard/server/html.ts';
import type { FixtureArticle } from '../services/demo/fixture-articles.ts';
import { renderArticlePage, seededRandom } from '../services/demo/render-page.ts';

const WORDS = 'government province district security police officials said minister meeting federal cabinet budget markets court hearing schools hospital weather cricket rupee exports rally traffic water power tariff election assembly senate'.split(' ');
const NAMES = ['Ayesha', 'Bilal', 'Gul Khan', 'Hina', 'Imran S.', 'Junaid', 'Kamran', 'Laila', 'Mehwish', 'Noor', 'Omar', 'Palwasha', 'Qasim', 'Rashid', 'Sana', 'Tariq', 'Usman', 'Waqas', 'Yasmin', 'Zubair'];

function sentence(rnd: () => number, n: number): string {
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rnd() * WORDS.length)]!);
  return words.join(' ').replace(/^./, (c) => c.toUpperCase());
}

/** The page for one article, `targetKb` (50–300) kilobytes of HTML around the story. */
export function benchPage(a: FixtureArticle, url: string, targetKb: number): string {
  const rnd = seededRandom(`${a.id}:${url}`);
  const related = Array.from({ length: 8 }, (_, i) => ({ title: sentence(rnd, 7), href: `/news/${Math.floor(rnd() * 1e7)}-${i}` }));
  const base = renderArticlePage(a, related);
  const menu = `<nav class="mega-menu"><ul>${Array.from({ length: 24 }, (_, s) => `<li class="menu-section"><span>${esc(sentence(rnd, 2))}</span><ul>${Array.from({ length: 12 }, (_, i) => `<li><a href="/section/${s}/${i}" data-track="menu-${s}-${i}">${esc(sentence(rnd, 3))}</a></li>`).join('')}</ul></li>`).join('')}</ul></nav>`;
  const sprite = `<svg xmlns="http://www.w3.org/2000/svg" style="display:none">${Array.from({ length: 40 }, (_, i) => `<symbol id="icon-${i}" viewBox="0 0 24 24"><path d="M${(rnd() * 24).toFixed(2)} ${(rnd() * 24).toFixed(2)}L${(rnd() * 24).toFixed(2)} ${(rnd() * 24).toFixed(2)}C${Array.from({ length: 12 }, () => (rnd() * 24).toFixed(3)).join(' ')}Z"/></symbol>`).join('')}</svg>`;
  let extra = '';
  const budget = targetKb * 1024 - base.length - menu.length - sprite.length;
  // the bulk, in the proportions real pages show: preloaded state, related-story cards, comments
  const state: { id: number; title: string; excerpt: string; author: string; tags: string[] }[] = [];
  while (JSON.stringify(state).length < budget * 0.6) {
    state.push({ id: Math.floor(rnd() * 1e8), title: sentence(rnd, 9), excerpt: sentence(rnd, 30), author: NAMES[Math.floor(rnd() * NAMES.length)]!, tags: [sentence(rnd, 1), sentence(rnd, 1)] });
  }
  extra += `<script>window.__PRELOADED_STATE__=${JSON.stringify({ feed: state, user: null, flags: { paywall: false } }).replace(/</g, '\\u003c')};</script>`;
  const cards: string[] = [];
  while (cards.join('').length < budget * 0.3) {
    cards.push(`<div class="card" data-id="${Math.floor(rnd() * 1e8)}" data-track="more-stories"><a class="card__link" href="/news/${Math.floor(rnd() * 1e7)}"><picture><source srcset="/img/${Math.floor(rnd() * 1e6)}.webp 1x, /img/${Math.floor(rnd() * 1e6)}@2x.webp 2x" type="image/webp"><img src="/img/${Math.floor(rnd() * 1e6)}.jpg" alt="" loading="lazy" width="320" height="180"></picture><h3 class="card__title">${esc(sentence(rnd, 8))}</h3></a><span class="card__time">${Math.floor(rnd() * 23) + 1} hours ago</span></div>`);
  }
  extra += `<section class="more-stories"><h2>More stories</h2>${cards.join('')}</section>`;
  // a lively thread, but (as on real pages) less text than the story itself
  const comments = Array.from({ length: 6 + Math.floor(rnd() * 20) }, () =>
    `<div class="comment" id="c${Math.floor(rnd() * 1e8)}"><span class="who">${NAMES[Math.floor(rnd() * NAMES.length)]}</span><p>${esc(sentence(rnd, 4 + Math.floor(rnd() * 8)))}</p><span class="votes">${Math.floor(rnd() * 200)} recommend</span><a class="reply" href="#">Reply</a></div>`);
  extra += `<section class="reader-comments"><h2>Readers' comments</h2>${comments.join('')}</section>`;
  const footer = `<div class="footer-links">${Array.from({ length: Math.max(0, Math.floor((budget - extra.length) / 45)) }, (_, i) => `<a href="/archive/${i}">${esc(sentence(rnd, 2))}</a>`).join(' ')}</div>`;
  return base
    .replace('<body class="article-page">', `<body class="article-page">${sprite}${menu}`)
    .replace('</main>', `</main>${extra}`)
    .replace('</footer>', `${footer}</footer>`);
}
