// The daily 平安 check-in in the console: on Today, the residents who have not checked in (past the time
// they are listed), with "I'm on it" (stops the climb to a call) and a confirmation by staff who spoke to her
// or family who told staff (a name is required, and for family the relation, offered from her contacts); in her file, the plan (on or
// off, the deadline, an away period) and a strip of the month's days: on time, late, missed, away.
import { api, session } from './api.js';
import { $, button, el, notice } from './dom.js';
import { t, when, word } from './i18n.js';

const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Today's list of those not checked in; {@code reload} runs after an action. */
export function renderToday(items, reload) {
  $('today-checkins-title').hidden = items.length === 0;
  $('today-checkins').replaceChildren(...items.map((item) => card(item, reload)));
}

function card(item, reload) {
  const li = el('li', 'visit-item checkin-item overdue');
  li.dataset.residentId = item.residentId;
  const head = el('div', 'visit-head');
  head.append(el('strong', 'name', item.name), el('span', 'kind', t('notCheckedIn', item.deadline || time(item.deadlineAt))),
    el('span', 'due', t('minutesLate', item.minutesLate)));
  li.append(head, el('div', 'where', [item.address, item.room].filter(Boolean).join(' · ')));
  if (item.phone) {
    const phone = el('a', 'phone', item.phone);
    phone.href = 'tel:' + item.phone;
    li.append(phone);
  }
  const facts = [item.claimedBy ? t('checkInClaimed', item.claimedBy) : '', item.ringing ? t('checkInRinging') : '',
    item.familyDue ? t('checkInFamilyDue') : '', item.lastActivityAt ? t('lastActivity', when(item.lastActivityAt)) : '']
    .filter(Boolean);
  if (facts.length) {
    li.append(el('div', 'checkin-facts', facts.join(' · ')));
  }
  const path = '/api/residents/' + item.residentId + '/check-ins/' + item.day;
  if (!item.claimedBy) {
    li.append(button(t('onIt'), 'primary', 'check-in-claim', () => act(path + '/claim', null, reload)));
  }
  li.append(button(t('confirmCheckIn'), '', 'check-in-confirm', () => confirmForm(li, path, reload, 'STAFF')),
    button(t('byFamily'), '', 'check-in-family', () => confirmForm(li, path, reload, 'FAMILY')));
  return li;
}

function confirmForm(li, path, reload, chosen) {
  const open = li.querySelector('form');
  if (open) {
    open.elements.by.value = chosen;
    open.elements.by.dispatchEvent(new Event('change'));
    return;
  }
  const form = el('form', 'visit-form checkin-form');
  const by = el('select');
  by.name = 'by';
  ['STAFF', 'FAMILY'].forEach((value) => {
    const option = el('option', '', t('by_' + value));
    option.value = value;
    by.append(option);
  });
  const field = (key, name, value) => {
    const label = el('label', '', t(key));
    const input = el('input');
    input.name = name;
    input.value = value || '';
    label.append(input);
    return label;
  };
  const name = field('confirmName', 'name', session.staff && session.staff.displayName);
  const relation = field('confirmRelation', 'relation');
  relation.hidden = true;
  // Family told staff: the name and relation are offered from her contacts, as a list to pick from.
  const contacts = el('datalist');
  contacts.id = 'check-in-contacts-' + li.dataset.residentId;
  name.querySelector('input').setAttribute('list', contacts.id);
  const known = new Map();
  name.querySelector('input').addEventListener('input', (event) => {
    const picked = known.get(event.target.value);
    if (picked && by.value === 'FAMILY') {
      form.elements.relation.value = picked.relation || '';
    }
  });
  const family = () => {
    relation.hidden = by.value !== 'FAMILY';
    name.querySelector('input').value = by.value === 'FAMILY' ? '' : (session.staff && session.staff.displayName) || '';
    if (by.value === 'FAMILY' && !known.size) {
      api('GET', '/api/residents/' + li.dataset.residentId).then((file) => {
        (file.emergencyContacts || []).forEach((contact) => {
          known.set(contact.name, contact);
          const option = el('option', '', contact.relation || '');
          option.value = contact.name;
          contacts.append(option);
        });
      }).catch(() => {});
    }
  };
  by.addEventListener('change', family);
  const byLabel = el('label', '', t('confirmBy'));
  byLabel.append(by);
  form.append(byLabel, name, contacts, relation, field('confirmNote', 'note'),
    button(t('confirmSave'), 'primary', 'check-in-confirm-save', () => act(path + '/confirm', {
      by: by.value, name: form.elements.name.value, relation: form.elements.relation.value,
      note: form.elements.note.value,
    }, reload)));
  li.append(form);
  by.value = chosen;
  family();
}

async function act(path, body, reload) {
  try {
    await api('POST', path, body);
  } catch (error) {
    notice(error.message);
    return;
  }
  reload();
}

// --- her file: the plan and the month's strip -------------------------------------------------------------

/** Shows the check-in section of her file; hidden for those the hub does not let see it. */
export async function showInFile(residentId) {
  const section = $('file-checkin');
  section.hidden = true;
  const today = new Date();
  const month = today.getFullYear() + '-' + String(today.getMonth() + 1).padStart(2, '0') + '-';
  let plan;
  let days;
  try {
    [plan, days] = await Promise.all([api('GET', '/api/residents/' + residentId + '/check-in'),
      api('GET', '/api/residents/' + residentId + '/check-ins?from=' + month + '01')]);
  } catch (refused) {
    return;
  }
  const form = $('file-checkin-plan');
  form.elements.enabled.checked = plan.enabled;
  form.elements.deadline.value = plan.deadline;
  form.elements.awayFrom.value = plan.awayFrom || '';
  form.elements.awayUntil.value = plan.awayUntil || '';
  form.dataset.residentId = residentId;
  $('file-checkin-strip').replaceChildren(...days.map(dayCell));
  section.hidden = false;
}

function kindOf(day) {
  if (day.state === 'AWAY') {
    return 'away';
  }
  if (day.state === 'CONFIRMED') {
    return day.late ? 'late' : 'onTime';
  }
  if (day.state === 'UNKNOWN') {
    return 'unknown'; // a state a newer hub node wrote
  }
  return day.state === 'MISSED' ? 'missed' : 'waiting';
}

function dayCell(day) {
  const kind = kindOf(day);
  const cell = el('li', 'checkin-day day-' + kind, day.day.slice(8));
  cell.title = [day.day, t('day_' + kind), day.closedAt ? time(day.closedAt) : '',
    day.closedBy ? word('closedBy_', day.closedBy) + (day.name ? ' ' + day.name : '')
      + (day.relation ? ' (' + day.relation + ')' : '') : ''].filter(Boolean).join(' · ');
  cell.setAttribute('aria-label', cell.title);
  return cell;
}

$('file-checkin-save').addEventListener('click', async () => {
  const form = $('file-checkin-plan');
  const residentId = form.dataset.residentId;
  try {
    await api('PUT', '/api/residents/' + residentId + '/check-in', {
      enabled: form.elements.enabled.checked, deadline: form.elements.deadline.value || null,
      awayFrom: form.elements.awayFrom.value || null, awayUntil: form.elements.awayUntil.value || null,
    });
  } catch (error) {
    notice(error.message);
    return;
  }
  notice(t('checkInSaved'));
  showInFile(residentId);
});
