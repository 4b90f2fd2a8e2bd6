import { escapeHtml as esc } from '../../dashboard/server/html.ts';
import type { FixtureArticle } from './fixture-articles.ts';

/** A deterministic pseudo-random generator, so generated pages are the same on every run. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h ^= h >>> 16) >>> 0) / 4294967296;
  };
}

const SECTIONS = ['Pakistan', 'World', 'Business', 'Sport', 'Opinion', 'Editorial', 'Magazine', 'Tech', 'Multimedia', 'Provinces', 'Islamabad', 'Peshawar', 'Quetta', 'Karachi', 'Lahore'];
const TEASERS = ['Markets close higher as rupee steadies', 'Heatwave warning issued for southern districts', 'Cabinet approves new tariff plan', 'National team names squad for tri-series', 'Gold prices dip for third day', 'Polio drive begins across 90 districts', 'Rain expected in upper parts of the country', 'Traffic plan announced for weekend rally'];
const COMMENTERS = ['Asad K.', 'Zarmina', 'Observer', 'Farhan from Mardan', 'Concerned citizen', 'Wazir', 'Nadia R.'];
const COMMENTS = ['Condolences to the families. When will this end?', 'The government must take the tribal elders into confidence.', 'Another sad day for the province.', 'Dialogue is the only way forward for both neighbours.', 'Why is there no mention of the trade losses?', 'Brave men. May their sacrifices not go in vain.'];

/**
 * A realistic news page around a fixture article: navigation, ads, scripts, the story with its
 * metadata, related stories and reader comments, as real outlets serve them.
 */
export function renderArticlePage(a: FixtureArticle, related: { title: string; href: string }[]): string {
  const rnd = seededRandom(a.id);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const paragraphs = a.text.split(/\n\s*\n/).map((p) => `<p>${esc(p.trim())}</p>`).join('\n');
  const nav = SECTIONS.map((s) => `<li><a href="/${a.domain.split('.')[0]}/section/${s.toLowerCase()}">${s}</a></li>`).join('');
  const teasers = Array.from({ length: 6 }, () => `<li><a href="/${a.domain.split('.')[0]}/latest/${Math.floor(rnd() * 1e6)}">${pick(TEASERS)}</a></li>`).join('');
  const comments = Array.from({ length: 2 + Math.floor(rnd() * 4) }, () =>
    `<div class="comment"><span class="who">${pick(COMMENTERS)}</span><p>${pick(COMMENTS)}</p><span class="votes">${Math.floor(rnd() * 90)} recommend</span></div>`).join('\n');
  const published = a.published ? `<meta property="article:published_time" content="${a.published}">` : '';
  const time = a.published ? `<time datetime="${a.published}">${new Date(a.published).toUTCString().slice(0, 16)}</time>` : '';
  const jsonLd = a.published
    ? `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: a.title, datePublished: a.published, publisher: { '@type': 'Organization', name: a.outlet } }).replace(/</g, '\\u003c')}</script>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(a.title)} | ${esc(a.outlet)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="${esc(a.title)}">
<meta property="og:site_name" content="${esc(a.outlet)}">
<meta property="og:type" content="article">
${published}
${jsonLd}
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-${Math.floor(rnd() * 1e8)}');</script>
<script async src="/static/ads.js"></script>
<style>.ad-slot{min-height:250px;background:#f3f3f3}.sticky{position:sticky;top:0}</style>
</head>
<body class="article-page">
<header class="site-header sticky"><a class="logo" href="/">${esc(a.outlet)}</a>
<nav class="main-nav"><ul>${nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"></form></header>
<div class="ad-slot leaderboard" id="ad-top"><script>googletag.cmd.push(function(){googletag.display('ad-top')})</script></div>
<div class="breaking-ticker"><span>Latest:</span><ul>${teasers}</ul></div>
<main class="container">
<article class="story">
<h1 class="story__title">${esc(a.title)}</h1>
<div class="story__meta"><span class="story__byline">${esc(a.style === 'wire' ? `${a.outlet} staff` : a.style === 'ispr' ? 'Inter Services Public Relations' : `Our correspondent`)}</span> ${time}</div>
<div class="share-tools"><a href="#" class="share fb">Share</a><a href="#" class="share x">Post</a><a href="#" class="share wa">WhatsApp</a></div>
<div class="story__content">
${paragraphs}
</div>
<div class="ad-slot in-article" id="ad-mid"></div>
<p class="story__tags">Published in ${esc(a.outlet)}${a.published ? `, ${esc(new Date(a.published).toUTCString().slice(5, 16))}` : ''}</p>
</article>
<aside class="related"><h2>Related stories</h2><ul>${related.map((r) => `<li><a href="${esc(r.href)}">${esc(r.title)}</a></li>`).join('')}</ul></aside>
<section class="comments"><h2>Comments (${comments.split('class="comment"').length - 1})</h2>${comments}
<p class="comments-policy">Comments are moderated and generally will be posted if they are on-topic and not abusive.</p></section>
<aside class="most-read"><h2>Most popular</h2><ol>${teasers}</ol></aside>
</main>
<footer class="site-footer"><ul>${nav}</ul><p>&copy; ${esc(a.outlet)}. All rights reserved.</p></footer>
<script>(function(){var s=document.createElement('script');s.src='/static/analytics.js';document.body.appendChild(s)})();</script>
</body>
</html>`;
}
