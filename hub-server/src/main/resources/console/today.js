// Today: the home visits due and overdue for a grid worker's grids (a supervisor's community, grid by grid),
// most urgent first, each with the address and phone; recording a visit takes two taps (Record, then Seen /
// Nobody home / Refused). It works in a stairwell with no signal: a visit recorded is kept on the phone
// (localStorage) until the hub has it, sent again when the connection returns under the same client id (so
// the hub stores it once), and the page says how many wait to be sent.
import { api, session } from './api.js';
import { $, button, el, notice } from './dom.js';
import { fillSelect } from './forms.js';
import { t } from './i18n.js';
import * as checkIns from './checkin.js';
import { showToday } from './orders.js';
import { showGivenUp } from './family.js';

const OUTBOX = 'carecall.visits.waiting';
const LAST_LIST = 'carecall.today';
const RETRY_MS = 10000;
const DOMAINS = ['health', 'mood', 'safety', 'hygiene', 'living'];
const state = { visits: [], retry: null, sending: false };

// --- the outbox: visits the hub has not yet confirmed ------------------------------------------------
function waiting() {
  try {
    return JSON.parse(localStorage.getItem(OUTBOX) || '[]');
  } catch (broken) {
    return [];
  }
}

function keep(list) {
  localStorage.setItem(OUTBOX, JSON.stringify(list));
  showWaiting();
}

/** A ULID: the time in 10 characters, then 16 random ones (Crockford's base 32), made on this phone. */
export function clientId() {
  const letters = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let time = Date.now();
  let id = '';
  for (let i = 0; i < 10; i++) {
    id = letters[time % 32] + id;
    time = Math.floor(time / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  random.forEach((byte) => { id += letters[byte % 32]; });
  return id;
}

function showWaiting() {
  const count = waiting().length;
  const line = $('today-waiting');
  line.hidden = count === 0;
  line.textContent = count ? t('visitsWaiting', count) : '';
  line.dataset.count = String(count);
}

/** Sends what waits, oldest first; stops at the first that cannot reach the hub and tries again later. */
export async function send() {
  if (state.sending || !session.token) {
    return;
  }
  state.sending = true;
  clearTimeout(state.retry);
  let sent = 0;
  try {
    for (const entry of waiting()) {
      try {
        await api('POST', '/api/residents/' + entry.residentId + '/visits', entry.visit);
      } catch (error) {
        if (error.status === 0 || error.status >= 500 || error.status === 401) {
          state.retry = setTimeout(send, RETRY_MS); // no signal, or the hub is busy: the visit stays here
          break;
        }
        notice(t('visitRefused', entry.name) + ' ' + error.message); // the hub will never take this one
      }
      keep(waiting().filter((other) => other.visit.id !== entry.visit.id));
      sent++;
    }
  } finally {
    state.sending = false;
  }
  if (sent && $('today') && !$('today').hidden) {
    load();
  }
}

window.addEventListener('online', () => send());

// --- the list ---------------------------------------------------------------------------------------
export async function load() {
  showWaiting();
  let today;
  try {
    const grid = $('today-grid').value;
    today = await api('GET', '/api/today' + (grid ? '?areaId=' + encodeURIComponent(grid) : ''));
    showGrids(today.grids, grid);
    checkIns.renderToday(today.checkIns || [], load);
    localStorage.setItem(LAST_LIST, JSON.stringify(today.visits));
    $('today-offline').hidden = true;
  } catch (error) {
    if (error.status !== 0) {
      notice(error.message);
      return;
    }
    // No signal: the list as it last came, less what was recorded here since.
    today = { visits: JSON.parse(localStorage.getItem(LAST_LIST) || '[]') };
    $('today-offline').hidden = false;
  }
  const done = new Set(waiting().map((entry) => entry.taskId));
  state.visits = today.visits.filter((visit) => !done.has(visit.taskId));
  render();
  showToday(today.workOrders || [], today.followUps || [], load); // not kept offline: a move needs the hub
  showGivenUp();
  if (waiting().length) {
    send();
  }
}

// Supervisors see the community's grids: all of them, or the one chosen.
function showGrids(grids, chosen) {
  const several = session.staff.role !== 'DUTY' && grids.length > 1 || Boolean(chosen);
  $('today-grid-choice').hidden = !several;
  if (!several || chosen) {
    return;
  }
  fillSelect($('today-grid'), grids, (grid) => grid.areaId, (grid) => grid.name, t('allGrids'));
}

function render() {
  const list = $('today-list');
  // A card whose form is open stays as it is: the list may come again while a visit is being written.
  const open = new Map([...list.querySelectorAll('li.visit-item')].filter((li) => li.querySelector('form'))
    .map((li) => [li.dataset.taskId, li]));
  $('today-empty').hidden = state.visits.length > 0;
  const byGrid = session.staff.role !== 'DUTY';
  const items = [];
  let grid = null;
  state.visits.forEach((visit) => {
    if (byGrid && visit.gridName !== grid) {
      grid = visit.gridName;
      items.push(el('li', 'grid-heading', t('grid') + ': ' + (grid || '—')));
    }
    items.push(open.get(visit.taskId) || item(visit));
  });
  list.replaceChildren(...items);
}

function item(visit) {
  const li = el('li', 'visit-item' + (visit.daysOverdue > 0 ? ' overdue' : ''));
  li.dataset.residentId = visit.residentId;
  li.dataset.taskId = visit.taskId;
  const head = el('div', 'visit-head');
  head.append(el('strong', 'name', visit.name), el('span', 'tier tier-' + visit.tier, t('tier_' + visit.tier)),
    el('span', 'kind', t('visitKind_' + visit.kind)),
    el('span', 'due', visit.daysOverdue > 0 ? t('overdueDays', visit.daysOverdue) : t('dueToday')));
  const where = el('div', 'where', [visit.address, visit.room].filter(Boolean).join(' · '));
  li.append(head, where);
  if (visit.phone) {
    const phone = el('a', 'phone', visit.phone);
    phone.href = 'tel:' + visit.phone;
    li.append(phone);
  }
  li.append(button(t('recordVisit'), 'primary', 'record-visit', () => openForm(li, visit)));
  return li;
}

/** The visit's form, in place: how, the five domains (all fine unless ticked), a note, and how it went. */
function openForm(li, visit) {
  if (li.querySelector('form')) {
    return;
  }
  const form = el('form', 'visit-form');
  const how = el('fieldset', 'method');
  how.append(el('legend', '', t('visitMethod')));
  ['HOME', 'PHONE', 'VIDEO'].forEach((method, index) => {
    const label = el('label', 'check');
    const radio = el('input');
    radio.type = 'radio';
    radio.name = 'method';
    radio.value = method;
    radio.checked = index === 0;
    label.append(radio, el('span', '', t('method_' + method)));
    how.append(label);
  });
  const domains = el('fieldset', 'domains');
  domains.append(el('legend', '', t('concerns')));
  DOMAINS.forEach((domain) => {
    const label = el('label', 'check');
    const box = el('input');
    box.type = 'checkbox';
    box.name = 'concern';
    box.value = domain;
    label.append(box, el('span', '', t('domain_' + domain)));
    domains.append(label);
  });
  // A visit made earlier (from paper, or yesterday with no time to enter it): when it was made.
  const made = el('input');
  made.type = 'datetime-local';
  made.name = 'visitedAt';
  const madeLabel = el('label');
  madeLabel.append(el('span', '', t('visitedWhen')), made);
  const note = el('textarea');
  note.name = 'note';
  note.maxLength = 2000;
  const noteLabel = el('label');
  noteLabel.append(el('span', '', t('note')), note);
  // News for her family, sent with the visit (only to contacts who want it, with her consent; never her health).
  const news = el('textarea');
  news.name = 'familyNews';
  news.maxLength = 500;
  const newsLabel = el('label');
  newsLabel.append(el('span', '', t('familyUpdate')), news);
  const outcomes = el('div', 'actions');
  ['SEEN', 'NOT_HOME', 'REFUSED'].forEach((outcome) => outcomes.append(button(t('outcome_' + outcome),
    outcome === 'SEEN' ? 'primary' : '', 'outcome-' + outcome, () => record(form, visit, outcome))));
  form.append(how, domains, madeLabel, noteLabel, newsLabel, el('p', 'form-error error'), outcomes);
  form.addEventListener('submit', (event) => event.preventDefault());
  li.append(form);
}

function record(form, visit, outcome) {
  const made = form.elements.visitedAt.value ? new Date(form.elements.visitedAt.value) : new Date();
  if (Number.isNaN(made.getTime()) || made.getTime() > Date.now() + 60000) {
    form.querySelector('.form-error').textContent = t('visitedWhenFuture');
    return;
  }
  const concerns = new Set([...form.querySelectorAll('input[name=concern]:checked')].map((box) => box.value));
  const domains = {};
  DOMAINS.forEach((domain) => { domains[domain] = { status: concerns.has(domain) ? 'CONCERN' : 'OK', note: '' }; });
  const entry = { residentId: visit.residentId, taskId: visit.taskId, name: visit.name,
    visit: { id: clientId(), visitedAt: made.toISOString(), method: form.elements.method.value, outcome,
      domains, needs: [], note: form.elements.note.value.trim() } };
  const news = form.elements.familyNews.value.trim();
  if (news) {
    entry.visit.familyNews = news; // posted with the visit: sent once, however often the phone posts it
  }
  keep(waiting().concat([entry])); // kept on the phone before anything is sent
  state.visits = state.visits.filter((other) => other.taskId !== visit.taskId);
  render();
  send();
}

$('today-refresh').addEventListener('click', () => load());
$('today-grid').addEventListener('change', () => load());
