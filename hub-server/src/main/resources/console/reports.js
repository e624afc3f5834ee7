// Response times per grid and per kind of call, with a bar chart drawn as SVG; and the month's home visits
// per tier, with the visit rate against the 100 % asked for, as a chart, a table and CSV; and the month's
// 平安 check-ins per grid: expected, on time, missed, minutes from the deadline to the close; and the
// month's work orders per grid and per category.
import { api, session } from './api.js';
import { $, cell, notice } from './dom.js';
import { showErrors } from './forms.js';
import { t, word } from './i18n.js';

const TIERS = ['HIGH', 'MEDIUM', 'LOW', 'ALL'];

function careQuery() {
  const month = $('care-report-form').elements.month.value.trim();
  return '/api/reports/care' + (month ? '?month=' + encodeURIComponent(month) : '');
}

export async function loadCare() {
  let report;
  try {
    report = await api('GET', careQuery());
  } catch (error) {
    showErrors($('care-report-form'), error);
    return;
  }
  $('care-report-form').elements.month.value = report.month;
  const percent = (share) => Math.round(share * 100) + '%';
  $('care-report-rows').replaceChildren(...TIERS.map((tier) => {
    const figures = report.tiers[tier];
    const row = document.createElement('tr');
    row.dataset.tier = tier;
    row.append(cell(t(tier === 'ALL' ? 'all' : 'tier_' + tier), t('tier')), cell(figures.residents, t('residentsCount')),
      cell(figures.due, t('visitsDue')), cell(figures.onTime, t('onTime')), cell(figures.late, t('lateVisits')),
      cell(figures.missed, t('missedVisits')), cell(figures.visitedAtLeastOnce, t('visitedOnce')),
      cell(percent(figures.rate), t('visitRate')));
    return row;
  }));
  careChart(report);
  checkInTable(report.checkIns || []);
  ordersTable(report.workOrders);
}

// The month's 平安 check-ins per grid and for all.
function checkInTable(checkIns) {
  $('checkin-report-rows').replaceChildren(...checkIns.map((figures) => {
    const row = document.createElement('tr');
    row.dataset.areaId = figures.areaId;
    row.append(cell(figures.grid || t('all'), t('grid')), cell(figures.expected, t('checkInsExpected')),
      cell(figures.onTime, t('onTime')), cell(figures.missed, t('day_missed')),
      cell(figures.minutesP50, t('minutesToCloseP50')), cell(figures.minutesP90, t('minutesToCloseP90')));
    return row;
  }));
}

// The month's work orders per grid and for all: how many, and how long they waited to be taken and finished.
function ordersTable(orders) {
  if (!orders) {
    return;
  }
  const hours = (figures) => (figures.count ? figures.p50 + ' / ' + figures.p90 : '—');
  $('orders-report-rows').replaceChildren(...[...orders.grids, orders.all].map((figures) => {
    const row = document.createElement('tr');
    row.dataset.areaId = figures.areaId;
    row.append(cell(figures.grid || t('all'), t('grid')), cell(figures.opened, t('ordersOpened')),
      cell(figures.done, t('ordersDone')), cell(figures.cancelled, t('ordersCancelled')),
      cell(hours(figures.toTake), t('hoursToTake')), cell(hours(figures.toFinish), t('hoursToFinish')),
      cell(figures.followedUpOnTime + ' (' + Math.round(figures.followedUpShare * 100) + '%)',
        t('followedUpOnTime', orders.followUpHours)));
    return row;
  }));
  categoryTable(orders);
}

// The month's work orders per category: opened, done, the median hours to done, the share followed up in time.
function categoryTable(orders) {
  $('orders-category-rows').replaceChildren(...(orders.categories || []).map((figures) => {
    const row = document.createElement('tr');
    row.dataset.category = figures.category;
    row.append(cell(word('category_', figures.category), t('category')), // a newer node's: "unknown (CODE)"
      cell(figures.opened, t('ordersOpened')), cell(figures.done, t('ordersDone')),
      cell(figures.cancelled, t('ordersCancelled')),
      cell(figures.medianHoursToDone, t('medianHoursToDone')),
      cell(figures.followedUpOnTime + ' (' + Math.round(figures.followedUpShare * 100) + '%)',
        t('followedUpOnTime', orders.followUpHours)));
    return row;
  }));
}

// The month's visit rate per tier, each bar against the 100 % line.
function careChart(report) {
  const height = 50 + TIERS.length * 40;
  const { root, add } = svgChart(height, t('visitRate'));
  add('text', { x: 10, y: 22, 'font-size': 16 }, t('visitRate') + ' — ' + report.month);
  add('line', { x1: 500, y1: 30, x2: 500, y2: height - 5, stroke: '#111', 'stroke-dasharray': '4 3' });
  add('text', { x: 470, y: 44, 'font-size': 12 }, '100%');
  TIERS.forEach((tier, index) => {
    const figures = report.tiers[tier];
    const y = 50 + index * 40;
    const width = Math.max(2, 300 * Math.min(1, figures.rate));
    add('text', { x: 10, y: y + 20, 'font-size': 14 }, t(tier === 'ALL' ? 'all' : 'tier_' + tier));
    add('rect', { x: 200, y, width, height: 26, fill: figures.rate >= 1 ? '#1b6e20' : '#b35c00' });
    add('text', { x: 205 + width, y: y + 18, 'font-size': 12 },
      Math.round(figures.rate * 100) + '% (' + figures.visitedAtLeastOnce + '/' + figures.residents + ')');
  });
  $('care-report-chart').replaceChildren(root);
}

$('care-report-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadCare();
});

// The CSV needs the session's token, so it is fetched here and handed to the browser as a file.
$('care-report-csv').addEventListener('click', async () => {
  const path = careQuery() + (careQuery().includes('?') ? '&' : '?') + 'format=csv';
  try {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + session.token } });
    if (!response.ok) {
      throw new Error(t('err_failed'));
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = 'care-visits-' + ($('care-report-form').elements.month.value || 'month') + '.csv';
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) {
    notice(error.message || t('err_unreachable'));
  }
});

export async function load() {
  loadCare();
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
  const rows = groups.filter(([, figures]) => figures.toAcknowledge.count > 0);
  const max = Math.max(60, ...rows.map(([, figures]) => figures.toAcknowledge.p90));
  const height = 40 + rows.length * 44;
  const { root, add } = svgChart(height, t('ackSeconds'));
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

// An empty chart 600 wide, named for screen readers, and how to draw into it.
function svgChart(height, label) {
  const svg = 'http://www.w3.org/2000/svg';
  const root = document.createElementNS(svg, 'svg');
  root.setAttribute('viewBox', '0 0 600 ' + height);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', label);
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(svg, tag);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
    if (text !== undefined) {
      node.textContent = text;
    }
    root.append(node);
  };
  return { root, add };
}
