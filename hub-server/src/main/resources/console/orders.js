// Work orders (巡查—上报—处置—反馈): the cards on Today and on the orders page, each with the moves the
// caller may make now (duty staff take, start, finish and follow up; supervisors also assign and cancel), the
// order's page with its timeline, and the orders in a resident's file. The hub decides: a move another
// person made first is refused (409) with the state it is in, said in words, and the list comes again.
import { api, session } from './api.js';
import { $, button, el, notice } from './dom.js';
import { fillSelect } from './forms.js';
import { lang, t, when, word } from './i18n.js';

export const CATEGORIES = ['REPAIR', 'MEAL', 'ERRAND', 'MEDICAL', 'CLEANING', 'OTHER'];
const STATES = ['REPORTED', 'ASSIGNED', 'IN_PROGRESS', 'DONE', 'FOLLOWED_UP', 'CANCELLED'];
const OUTCOMES = ['RESOLVED', 'PARTLY', 'REFERRED'];

/** A day and a time to the minute (a card has no room for seconds or the year). */
function shortly(iso) {
  return new Date(iso).toLocaleString(lang.current, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function move(order, path, body, changed) {
  return api('POST', '/api/work-orders/' + order.id + path, body || {})
    .then(() => changed())
    .catch((error) => {
      notice(error.message);
      changed();
    });
}

function field(label, input) {
  const wrap = el('label');
  wrap.append(el('span', '', label), input);
  return wrap;
}

function textInput(name) {
  const input = el('textarea');
  input.name = name;
  input.maxLength = 1000;
  input.rows = 2;
  return input;
}

/** The finishing form, in place: the outcome and a note. */
function doneForm(order, changed) {
  const form = el('form', 'order-form');
  const outcome = el('select');
  outcome.name = 'outcome';
  fillSelect(outcome, OUTCOMES, (code) => code, (code) => t('orderOutcome_' + code));
  const note = textInput('note');
  form.append(field(t('orderOutcome'), outcome), field(t('note'), note), button(t('confirmDone'), 'primary',
    'confirm-done', () => move(order, '/done', { outcome: outcome.value, note: note.value.trim() }, changed)));
  return form;
}

/** The follow-up call (回访): satisfied or not, and what she said. */
function followUpForm(order, changed) {
  const form = el('form', 'order-form');
  const note = textInput('note');
  const answer = (satisfied) => move(order, '/follow-up', { satisfied, note: note.value.trim() }, changed);
  const row = el('div', 'actions');
  row.append(button(t('satisfied'), 'primary', 'satisfied', () => answer(true)),
    button(t('notSatisfied'), '', 'not-satisfied', () => answer(false)));
  form.append(field(t('note'), note), row);
  return form;
}

/** The moves the caller may make on the order as it stands; the hub refuses any other. */
function actions(li, order, changed, withDetails) {
  const row = el('div', 'actions');
  const mine = order.assigneeId === session.staff.id || session.staff.role !== 'DUTY';
  const inPlace = (form) => {
    li.querySelectorAll('form.order-form').forEach((old) => old.remove());
    li.append(form);
  };
  if (order.state === 'REPORTED') {
    row.append(button(t('takeOrder'), 'primary', 'take-order', () => move(order, '/assign', {}, changed)));
  } else if (order.state === 'ASSIGNED' && mine) {
    row.append(button(t('startOrder'), 'primary', 'start-order', () => move(order, '/start', {}, changed)));
  } else if (order.state === 'IN_PROGRESS' && mine) {
    row.append(button(t('doneOrder'), 'primary', 'done-order', () => inPlace(doneForm(order, changed))));
  } else if (order.state === 'DONE') {
    row.append(button(t('followUpOrder'), 'primary', 'follow-up-order', () => inPlace(followUpForm(order, changed))));
  }
  if (withDetails) {
    row.append(button(t('openOrder'), '', 'open-order', () => openOrder(order.id, changed)));
  }
  return row;
}

function badges(order) {
  const line = el('div', 'badges');
  line.append(el('span', 'badge', word('category_', order.category)),
    el('span', 'badge state-' + order.state, word('orderState_', order.state)));
  if (order.flagged) {
    line.append(el('span', 'badge unreached', t('orderFlagged')));
  }
  if (order.pressCount > 1) {
    line.append(el('span', 'badge again', t('pressCount', order.pressCount)));
  }
  if (order.appointmentAt) {
    line.append(el('span', 'badge', order.appointmentToday ? t('appointmentToday',
      new Date(order.appointmentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))
      : t('appointment') + ' ' + when(order.appointmentAt)));
  }
  return line;
}

/** An open order's card: who, what, where it stands, and what the caller may do now. */
export function card(order, changed) {
  const li = el('li', 'visit-item order-item' + (order.flagged ? ' overdue' : ''));
  li.dataset.orderId = order.id;
  li.dataset.state = order.state;
  const head = el('div', 'visit-head');
  head.append(el('strong', 'name', order.name || ''), el('span', 'when', t('reportedAt', shortly(order.reportedAt))));
  li.append(head, badges(order));
  const about = [order.note, order.assigneeName ? t('assignee', order.assigneeName) : ''].filter(Boolean).join(' · ');
  if (about) {
    li.append(el('div', 'where', about));
  }
  li.append(actions(li, order, changed, true));
  return li;
}

/** A follow-up call to make: the order done, by when to call her, overdue marked. */
export function followUpCard(item, changed) {
  const li = el('li', 'visit-item follow-up-item' + (item.overdue ? ' overdue' : ''));
  li.dataset.orderId = item.id;
  const head = el('div', 'visit-head');
  head.append(el('strong', 'name', item.name || ''), el('span', 'badge', word('category_', item.category)),
    el('span', 'due', item.overdue ? t('followUpOverdue') : t('followUpDue', shortly(item.dueAt))));
  li.append(head, followUpForm(item, changed));
  return li;
}

/** Today's two lists: the caller's open orders, and the follow-up calls due. */
export function showToday(orders, followUps, changed) {
  $('today-orders').replaceChildren(...(orders.length ? orders.map((order) => card(order, changed))
    : [el('li', 'empty', t('noOrders'))]));
  $('today-followups').replaceChildren(...(followUps.length ? followUps.map((item) => followUpCard(item, changed))
    : [el('li', 'empty', t('noFollowUps'))]));
}

// --- the orders page: a grid's or the community's, by state and category ---------------------------------
export async function load() {
  const form = $('orders-filter');
  if (!form.elements.state.options.length) {
    fillSelect(form.elements.state, STATES, (code) => code, (code) => t('orderState_' + code), t('any'));
    fillSelect(form.elements.category, CATEGORIES, (code) => code, (code) => t('category_' + code), t('any'));
  }
  try {
    const grids = await api('GET', '/api/areas');
    fillSelect(form.elements.areaId, grids, (grid) => grid.id, (grid) => grid.name, t('allGrids'));
    const query = new URLSearchParams();
    ['state', 'category', 'areaId'].forEach((name) => {
      if (form.elements[name].value) {
        query.set(name, form.elements[name].value);
      }
    });
    const orders = await api('GET', '/api/work-orders?' + query);
    $('orders-list').replaceChildren(...(orders.length ? orders.map((order) => card(order, load))
      : [el('li', 'empty', t('noOrders'))]));
  } catch (error) {
    notice(error.message);
  }
}

$('orders-filter').addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
['state', 'category', 'areaId'].forEach((name) => $('orders-filter').elements[name].addEventListener('change', load));

// --- one order: its details, its timeline, and every move the caller may make ------------------------------
export async function openOrder(id, changed) {
  let order;
  try {
    order = await api('GET', '/api/work-orders/' + id);
  } catch (error) {
    notice(error.message);
    return;
  }
  const again = () => {
    changed();
    openOrder(id, changed);
  };
  const dialog = $('order');
  $('order-title').textContent = (order.name || '') + ' · ' + word('category_', order.category);
  const body = $('order-body');
  const facts = el('div', 'order-item');
  facts.append(badges(order), el('p', '', [word('source_', order.source), order.note,
    order.assigneeName ? t('assignee', order.assigneeName) : '', order.outcome ? t('orderOutcome_' + order.outcome)
      : '', order.doneNote, order.cancelReason].filter(Boolean).join(' · ')));
  facts.append(actions(facts, order, again, false));
  if (session.staff.role !== 'DUTY' && ['REPORTED', 'ASSIGNED'].includes(order.state)) {
    facts.append(await assignForm(order, again));
  }
  if (['REPORTED', 'ASSIGNED', 'IN_PROGRESS'].includes(order.state)) {
    facts.append(appointmentForm(order, again));
    if (session.staff.role !== 'DUTY') {
      const reason = el('input');
      reason.name = 'reason';
      reason.maxLength = 500;
      const cancel = el('form', 'actions');
      cancel.append(field(t('cancelReason'), reason), button(t('cancelOrder'), 'danger', 'cancel-order',
        () => move(order, '/cancel', { reason: reason.value.trim() }, again)));
      facts.append(cancel);
    }
  }
  const timeline = el('ol', 'timeline');
  order.timeline.forEach((entry) => timeline.append(el('li', '', [when(entry.at), t('orderAction_' + entry.action),
    entry.from === 'unit' ? t('fromUnit') : entry.by, entry.note && !entry.note.match(/^[A-Z_]+$/) ? entry.note : '']
    .filter(Boolean).join(' · '))));
  body.replaceChildren(facts, el('h3', '', t('orderTimeline')), timeline);
  if (!dialog.open) {
    dialog.showModal();
  }
}

async function assignForm(order, changed) {
  const form = el('form', 'actions');
  const who = el('select');
  who.name = 'staffId';
  const people = await api('GET', '/api/staff').catch(() => []);
  fillSelect(who, people.filter((member) => member.role !== 'TECHNICIAN'), (member) => member.id,
    (member) => member.displayName || member.username);
  form.append(field(t('assignTo'), who), button(t('assignOrder'), '', 'assign-order',
    () => move(order, '/assign', { staffId: who.value }, changed)));
  return form;
}

function appointmentForm(order, changed) {
  const form = el('form', 'actions');
  const at = el('input');
  at.type = 'datetime-local';
  at.name = 'appointmentAt';
  form.append(field(t('appointment'), at), button(t('setAppointment'), '', 'set-appointment', () =>
    move(order, '/appointment', { appointmentAt: at.value ? new Date(at.value).toISOString() : null }, changed)));
  return form;
}

// --- her file: her orders, and a new one ---------------------------------------------------------------
export async function showInFile(residentId) {
  const section = $('file-orders');
  section.hidden = true;
  let orders;
  try {
    orders = await api('GET', '/api/work-orders?residentId=' + encodeURIComponent(residentId));
  } catch (refused) {
    return; // not hers to see (a technician, another grid's duty worker)
  }
  const again = () => showInFile(residentId);
  $('file-orders-list').replaceChildren(...(orders.length ? orders.map((order) => card(order, again))
    : [el('li', 'empty', t('noOrders'))]));
  const form = $('file-order-new');
  fillSelect(form.elements.category, CATEGORIES, (code) => code, (code) => t('category_' + code));
  form.onsubmit = (event) => {
    event.preventDefault();
    api('POST', '/api/work-orders', { residentId, category: form.elements.category.value,
      note: form.elements.note.value.trim() })
      .then(() => {
        form.reset();
        again();
      })
      .catch((error) => notice(error.message));
  };
  section.hidden = false;
}
