// The board: waiting calls first, life-safety before wellness before technical and each class oldest first
// (the hub's BoardOrder, the same on every screen), their age and escalation step at a glance; taken calls
// below with who has them. A duty worker sees technical alarms folded into one line: they are the
// technicians' to take. A call that rings for this console rings here, and the
// hub is told once the person could see it (the page visible, or a system notification up).
import { api, session } from './api.js';
import { $, el, button, notice } from './dom.js';
import { t, duration, when } from './i18n.js';
import { openFile } from './file.js';
import { confirmShown } from './live.js';
import * as ringer from './ringer.js';

const board = { alarms: new Map(), confirmed: new Set(), resolving: null, technicalOpen: false };

/** Nobody has taken the call yet: the hub says so with each call, from its one set of waiting states. */
export function waiting(alarm) {
  return alarm.waiting === true;
}

function ringsHere(alarm) {
  return waiting(alarm) && (alarm.ringingForMe || alarm.ringingEveryone);
}

/** The whole board, as the hub sends it on every (re)connect; sightings are confirmed afresh. */
export function replace(alarms) {
  board.alarms = new Map(alarms.map((alarm) => [alarm.id, alarm]));
  $('board-foot').hidden = false; // below the cards once they are there, so their arrival pushes nothing down
  board.confirmed.clear();
  render();
}

/** One call changed; the hub says whether it still belongs on the board. */
export function apply(alarm) {
  if (alarm.onBoard) {
    board.alarms.set(alarm.id, alarm);
  } else {
    board.alarms.delete(alarm.id);
  }
  render();
}

export function clear() {
  board.alarms.clear();
  $('board-foot').hidden = true;
  render();
}

function group(alarm) {
  return waiting(alarm) ? 0 : alarm.state === 'CANCELLED' ? 1 : 2;
}

const CLASSES = ['LIFE_SAFETY', 'WELLNESS', 'TECHNICAL'];

/** The hub's BoardOrder: waiting first, then priority class, then the longest-waiting. */
export function boardOrder(a, b) {
  return (group(a) - group(b)) || (CLASSES.indexOf(a.class) - CLASSES.indexOf(b.class))
    || a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id);
}

// A technical alarm that does not ring here is folded away on a duty worker's board.
function folded(alarm) {
  return (session.staff || {}).role === 'DUTY' && alarm.class === 'TECHNICAL' && !ringsHere(alarm);
}

export function render() {
  const alarms = [...board.alarms.values()].sort(boardOrder);
  const shown = alarms.filter((alarm) => !folded(alarm));
  const hidden = alarms.filter(folded);
  $('alarms').replaceChildren(...shown.map(card), ...(hidden.length ? [technicalLine(hidden)] : []));
  $('count').textContent = shown.length;
  $('empty').hidden = alarms.length > 0;
  ringer.showCount(alarms.filter(ringsHere).length); // the title counts only what rings for this person
  showUnreached(alarms.filter((alarm) => alarm.unreached && waiting(alarm)));
  const ringing = alarms.filter(ringsHere).map((alarm) => Object.assign({ id: alarm.id, level: ringer.level(alarm) },
    lockScreen(alarm)));
  document.body.dataset.ringing = ringing.length > 0;
  ringer.update(ringing);
  confirmVisible();
}

function technicalLine(alarms) {
  const item = el('li', 'technical-folded');
  const details = el('details');
  details.open = board.technicalOpen;
  details.addEventListener('toggle', () => { board.technicalOpen = details.open; });
  details.append(el('summary', '', t('technicalFolded', alarms.length)));
  const list = el('ul', 'alarms');
  list.append(...alarms.map(card));
  details.append(list);
  item.append(details);
  return item;
}

// Seen means a person could see it: only a visible page (or a notification, below) counts.
function confirmVisible() {
  if (document.visibilityState !== 'visible') {
    return;
  }
  [...board.alarms.values()].filter(ringsHere).forEach((alarm) => confirm(alarm.id));
}

function confirm(id) {
  if (!board.confirmed.has(id) && confirmShown(id)) {
    board.confirmed.add(id);
    shownAt[id] = shownAt[id] || Date.now();
  }
}

// When each call was first on a visible screen or in a notification: for the browser tests' timings.
const shownAt = {};
window.carecallShownAt = shownAt;

document.addEventListener('visibilitychange', confirmVisible);
window.addEventListener('carecall:notified', (event) => confirm(event.detail));

function name(alarm) {
  return (alarm.resident || {}).name || alarm.deviceLabel || alarm.deviceId;
}

// What a notification says on a locked phone, which anyone near it may read: what the community chose,
// by default the kind of call and its grid ("a call in Grid 2"), never a name or an address unless chosen.
function lockScreen(alarm) {
  const resident = alarm.resident || {};
  const choice = resident.lockScreen || 'grid';
  if (choice === 'name') {
    return { title: t(alarm.kind) + ' · ' + name(alarm), body: place(alarm) };
  }
  if (choice === 'grid' && resident.areaName) {
    return { title: t(alarm.kind), body: t('callInGrid', resident.areaName) };
  }
  return { title: t(alarm.kind), body: t('callWaiting') };
}

function place(alarm) {
  const resident = alarm.resident || {};
  return [resident.address, resident.room && t('room') + ' ' + resident.room, resident.areaName]
    .filter(Boolean).join(' · ');
}

function card(alarm) {
  const item = el('li', 'alarm ' + alarm.class.toLowerCase().replace('_', '-'));
  const ringing = ringsHere(alarm);
  const age = Math.max(0, Math.round((Date.now() - Date.parse(alarm.receivedAt)) / 1000));
  if (waiting(alarm)) {
    item.classList.add('band-' + ringer.level(alarm));
  } else {
    item.classList.add('taken');
  }
  item.classList.toggle('ringing', ringing);
  Object.assign(item.dataset, { alarmId: alarm.id, state: alarm.state, ringing, unreached: !!alarm.unreached });
  item.append(el('h3', '', name(alarm) + ' · ' + t(alarm.kind)), el('div', 'where', place(alarm)));

  const badges = el('div', 'badges');
  if (waiting(alarm)) {
    badges.append(el('span', 'badge age', t('waitingFor', duration(age))));
    badges.append(el('span', 'badge step', t('stepBadge', Math.max(1, alarm.escalationStep))));
    if (alarm.unreached) {
      badges.append(el('span', 'badge unreached', t('unreachedBadge')));
    }
  } else {
    badges.append(el('span', 'badge age', t('ago', duration(age))));
  }
  if (alarm.pressCount > 1) {
    badges.append(el('span', 'badge again', t('pressedAgain', alarm.pressCount - 1)));
  }
  item.append(badges);

  const status = el('div', 'status', statusLine(alarm));
  status.hidden = !status.textContent;
  const phone = (alarm.resident || {}).phone;
  if (alarm.state === 'CANCELLED' && phone) { // "confirm by phone": the number one tap away
    const link = el('a', 'phone', phone);
    link.href = 'tel:' + phone;
    status.append(' ', link);
  }
  const clock = clockNote(alarm.clockSkewMs);
  item.append(status);
  if (clock) {
    item.append(el('div', 'meta clock', clock));
  }
  item.append(actions(alarm));
  return item;
}

function statusLine(alarm) {
  switch (alarm.state) {
    case 'ACKNOWLEDGED': return t('takenBy', alarm.acknowledgedBy);
    case 'ON_SITE': return t('withResident', alarm.acknowledgedBy);
    case 'CANCELLED': return t('cancelledByResident');
    default: return '';
  }
}

// The button of each action the hub may offer on a call: its label, its look and what it does.
const BUTTONS = {
  acknowledge: (alarm) => button(t('coming'), 'danger', 'acknowledge', () => act(alarm, 'acknowledge')),
  closeUntaken: (alarm) => button(t('closeUntaken'), '', 'resolve', () => openResolve(alarm, 'untaken')),
  arrive: (alarm) => button(t('arrived'), 'primary', 'arrive', () => act(alarm, 'arrive')),
  resolve: (alarm) => button(t('closeCall'), alarm.state === 'ON_SITE' ? 'primary' : '', 'resolve',
    () => openResolve(alarm, 'close')),
  confirm: (alarm) => button(t('confirm'), 'primary', 'resolve', () => openResolve(alarm, 'confirm')),
};

/**
 * Only the buttons the hub offers this person on this call now ("I'm coming" to those the call's steps
 * rang and to supervisors; the hub takes it from anyone of the call's community, so a worker who knows
 * more can still act from another console), and the resident's file.
 */
function actions(alarm) {
  const box = el('div', 'actions');
  (alarm.actions || []).filter((action) => BUTTONS[action]).forEach((action) => box.append(BUTTONS[action](alarm)));
  const resident = alarm.resident || {};
  if (resident.id && (session.staff || {}).role !== 'TECHNICIAN') {
    box.append(button(t('file'), '', 'file', () => openFile(resident.id)));
  }
  return box;
}

// A unit whose clock is a minute or more off: the board orders by the hub's time, but staff should know
// that times the unit reports (when pressed, last motion) are off by as much.
function clockNote(skewMs) {
  if (skewMs == null || Math.abs(skewMs) < 60000) {
    return '';
  }
  return t(skewMs < 0 ? 'clockBehind' : 'clockAhead', duration(Math.round(Math.abs(skewMs) / 1000)));
}

async function act(alarm, action) {
  try {
    apply(await api('POST', '/api/alarms/' + alarm.id + '/' + action));
  } catch (error) {
    notice(error.message);
  }
}

// --- closing a call ---------------------------------------------------------------------------------
// How: 'close' a taken call, close an 'untaken' one with a reason, or 'confirm' a cancellation.
function openResolve(alarm, how) {
  board.resolving = alarm;
  $('resolve-error').textContent = '';
  $('resolve-form').reset();
  $('resolve-title').textContent = t({ untaken: 'resolveUntakenTitle', confirm: 'confirm', close: 'resolveTitle' }[how]);
  $('resolve-note-label').textContent = t(how === 'untaken' ? 'reason' : 'note');
  // A cancellation is confirmed as what it was, not as help given: the reports count outcomes.
  $('resolve-form').elements.outcome.value = how === 'confirm' ? 'CANCELLED_BY_RESIDENT' : 'HELPED';
  $('resolve').showModal();
}

$('resolve-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    apply(await api('POST', '/api/alarms/' + board.resolving.id + '/resolve',
      { outcome: form.get('outcome'), note: form.get('note') }));
    $('resolve').close();
  } catch (error) {
    $('resolve-error').textContent = error.message;
  }
});

/** Brings a call into view, as when its notification is tapped. */
export function focus(alarmId) {
  const item = document.querySelector('li[data-alarm-id="' + CSS.escape(alarmId) + '"]');
  if (item) {
    item.scrollIntoView({ block: 'center' });
    item.classList.add('focused');
  }
}

// --- the system alarm for calls nobody has been reached for ------------------------------------------
function showUnreached(calls) {
  const banner = $('unreached');
  banner.hidden = calls.length === 0;
  $('unreached-title').textContent = t('unreachedTitle');
  $('unreached-calls').replaceChildren(...calls.map((alarm) => {
    // Each line leads to the call's card, where it can be taken.
    const link = el('a', '', name(alarm) + ' · ' + t(alarm.kind) + ' · ' + place(alarm) + ' · ' + when(alarm.receivedAt));
    link.href = '#alarm-' + encodeURIComponent(alarm.id);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      focus(alarm.id);
    });
    const item = el('li');
    item.dataset.alarmId = alarm.id;
    item.append(link);
    return item;
  }));
}

setInterval(render, 5000); // ages, bands and the tone's urgency move on with time
