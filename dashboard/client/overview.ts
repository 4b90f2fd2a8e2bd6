// The overview's charts, drawn from the figures the server embedded in the page (the same JSON that
// /api/overview answers), in the shared colour-blind-safe category palette.

import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  PointElement, TimeScale, Tooltip, type ChartConfiguration,
} from 'chart.js';
import 'chartjs-adapter-date-fns';
import './page.ts';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, TimeScale, Tooltip);

interface Figures {
  interval: 'day' | 'week';
  casualtyInterval: 'day' | 'week';
  unit: 'stories' | 'articles';
  categories: string[];
  trend: { bucket: string; category: string; n: number }[];
  casualties: { bucket: string; killed: number; killedLow: number; killedHigh: number; injured: number; injuredLow: number; injuredHigh: number }[];
  provinces: { province: string; n: number }[];
  health: { days: { day: string; articles: number; feedsFailing: number }[] };
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const label = (c: string) => c.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase());

function chartOn(id: string, config: ChartConfiguration): Chart | undefined {
  const canvas = document.getElementById(id) as HTMLCanvasElement | null;
  return canvas ? new Chart(canvas, config) : undefined;
}

function draw(f: Figures): Record<string, Chart | undefined> {
  const fg = css('--muted');
  Chart.defaults.color = fg;
  Chart.defaults.borderColor = css('--line');
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  const ticks = { maxRotation: 0, autoSkipPadding: 18 };
  const time = (unit: 'day' | 'week') => ({ type: 'time' as const, time: { unit, tooltipFormat: unit === 'week' ? "'week of' PP" : 'PP' }, stacked: true, grid: { display: false }, ticks });

  const trend = chartOn('chart-trend', {
    type: 'bar',
    data: {
      datasets: f.categories.map((c) => ({
        label: label(c),
        backgroundColor: css(`--${c}`),
        data: f.trend.filter((p) => p.category === c).map((p) => ({ x: Date.parse(p.bucket), y: p.n })),
      })),
    },
    options: {
      scales: { x: time(f.interval), y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: f.unit === 'stories' ? 'incidents' : 'articles' } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });

  // each measure's latest figure as a narrow bar over a wide pale bar spanning the reported range
  const at = (p: { bucket: string }) => Date.parse(p.bucket);
  const casualties = chartOn('chart-casualties', {
    type: 'bar',
    data: {
      datasets: [
        { label: 'Killed', stack: 'killed', order: 1, barPercentage: 0.45, backgroundColor: css('--killed'), data: f.casualties.map((p) => ({ x: at(p), y: p.killed })) },
        { label: 'Killed: reported range', stack: 'killed', order: 2, barPercentage: 0.9, backgroundColor: css('--killed-range'),
          data: f.casualties.map((p) => ({ x: at(p), y: [p.killedLow, p.killedHigh] as unknown as number })) },
        { label: 'Injured', stack: 'injured', order: 1, barPercentage: 0.45, backgroundColor: css('--injured'), data: f.casualties.map((p) => ({ x: at(p), y: p.injured })) },
        { label: 'Injured: reported range', stack: 'injured', order: 2, barPercentage: 0.9, backgroundColor: css('--injured-range'),
          data: f.casualties.map((p) => ({ x: at(p), y: [p.injuredLow, p.injuredHigh] as unknown as number })) },
      ],
    },
    options: {
      // stacked on x only: bars of one stack share a slot and overlap instead of adding up
      scales: { x: time(f.casualtyInterval), y: { stacked: false, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  });

  const provinces = chartOn('chart-provinces', {
    type: 'bar',
    data: { labels: f.provinces.map((p) => p.province), datasets: [{ label: 'Incidents', backgroundColor: css('--accent'), data: f.provinces.map((p) => p.n) }] },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } }, plugins: { legend: { display: false } } },
  });

  const health = chartOn('chart-health', {
    type: 'bar',
    data: {
      datasets: [
        { type: 'bar', label: 'Articles ingested', backgroundColor: css('--line-strong'), data: f.health.days.map((d) => ({ x: Date.parse(d.day), y: d.articles })), yAxisID: 'y' },
        { type: 'line', label: 'Feeds failing', borderColor: css('--warn'), backgroundColor: css('--warn'), borderWidth: 1.5, pointRadius: 0, stepped: true,
          data: f.health.days.map((d) => ({ x: Date.parse(d.day), y: d.feedsFailing })), yAxisID: 'y2' },
      ],
    },
    options: {
      scales: {
        x: { type: 'time', time: { unit: 'day', tooltipFormat: 'PP' }, grid: { display: false }, ticks },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'articles' } },
        y2: { position: 'right', beginAtZero: true, ticks: { precision: 0 }, grid: { display: false }, title: { display: true, text: 'feeds failing' } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  return { trend, casualties, provinces, health };
}

const data = document.getElementById('overview-data');
if (data?.textContent) {
  const charts = draw(JSON.parse(data.textContent) as Figures);
  // the browser tests read what the charts drew
  (window as unknown as { frontierCharts: typeof charts }).frontierCharts = charts;
  document.body.dataset.chartsReady = 'true';
}
