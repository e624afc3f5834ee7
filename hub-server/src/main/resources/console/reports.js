// Response times per grid and per kind of call, with a bar chart drawn as SVG.
import { api } from './api.js';
import { $, cell } from './dom.js';
import { t } from './i18n.js';

export async function load() {
  let report;
  try {
    report = await api('GET', '/api/reports/response-times');
  } catch (error) {
    $('report-rows').replaceChildren();
    $('report-chart').textContent = error.message;
    return;
  }
  const groups = [[t('all'), report.all], ...Object.entries(report.byGrid), ...Object.entries(report.byKind)
    .map(([kind, figures]) => [t(kind), figures])];
  const percent = (share) => Math.round(share * 100) + '%';
  $('report-rows').replaceChildren(...groups.map(([name, figures]) => {
    const row = document.createElement('tr');
    row.append(cell(name, t('group')), cell(figures.calls, t('calls')), cell(figures.toAcknowledge.p50, 'p50'),
      cell(figures.toAcknowledge.p90, 'p90'), cell(percent(figures.acknowledgedWithin60s), t('within60')),
      cell(percent(figures.acknowledgedWithin180s), t('within180')));
    return row;
  }));
  chart(groups);
}

// p50 and p90 time-to-take per group: no chart library needed for this.
function chart(groups) {
  const svg = 'http://www.w3.org/2000/svg';
  const rows = groups.filter(([, figures]) => figures.toAcknowledge.count > 0);
  const max = Math.max(60, ...rows.map(([, figures]) => figures.toAcknowledge.p90));
  const height = 40 + rows.length * 44;
  const root = document.createElementNS(svg, 'svg');
  root.setAttribute('viewBox', '0 0 600 ' + height);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', t('ackSeconds'));
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(svg, tag);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
    if (text !== undefined) {
      node.textContent = text;
    }
    root.append(node);
  };
  add('text', { x: 10, y: 22, 'font-size': 16 }, t('ackSeconds') + ' — p50 / p90');
  rows.forEach(([name, figures], index) => {
    const y = 40 + index * 44;
    const scale = (seconds) => Math.max(2, 380 * seconds / max);
    add('text', { x: 10, y: y + 24, 'font-size': 14 }, name);
    add('rect', { x: 200, y, width: scale(figures.toAcknowledge.p90), height: 16, fill: '#ef9a9a' });
    add('rect', { x: 200, y: y + 18, width: scale(figures.toAcknowledge.p50), height: 16, fill: '#1b6e20' });
    add('text', { x: 205 + scale(figures.toAcknowledge.p90), y: y + 13, 'font-size': 12 }, figures.toAcknowledge.p90 + ' s');
    add('text', { x: 205 + scale(figures.toAcknowledge.p50), y: y + 31, 'font-size': 12 }, figures.toAcknowledge.p50 + ' s');
  });
  $('report-chart').replaceChildren(root);
}
