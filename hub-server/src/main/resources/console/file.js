// One person, one file: who she is, how to reach her and her contacts, the units at her bedside and the
// calls they made. Technicians get no health notes or medicines from the hub, so those rows are absent; staff
// of another grid break the glass to read them, and the community's supervisors see who did.
import { api } from './api.js';
import { $, ask, button, el, notice } from './dom.js';
import { send } from './forms.js';
import { fetchCall, story } from './history.js';
import { t, when } from './i18n.js';
import * as residentForm from './resident-form.js';
import { showInFile as showCheckIn } from './checkin.js';
import { showInFile as showOrders } from './orders.js';
import { showInFile as showFamily } from './family.js';

const shown = { file: null, onChanged: () => {} };

function telephone(number) {
  const link = el('a', '', number);
  link.href = 'tel:' + number;
  return link;
}

/** Opens a file; onChanged runs after it was edited or archived here (a list shows the change). */
export async function openFile(residentId, onChanged) {
  let file;
  let calls;
  try {
    [file, calls] = await Promise.all([api('GET', '/api/residents/' + residentId),
      api('GET', '/api/residents/' + residentId + '/calls').catch(() => [])]);
  } catch (error) {
    notice(error.message);
    return;
  }
  shown.file = file;
  shown.onChanged = onChanged || (() => {});
  $('file').dataset.residentId = file.id;
  $('file-name').textContent = file.name + (file.nameLatin ? ' · ' + file.nameLatin : '')
    + (file.archived ? ' (' + t('archived') + ')' : '');
  const details = $('file-details');
  // Her own phone first: a cancelled call is confirmed by phoning her.
  details.replaceChildren(el('dt', '', t('residentPhone')));
  details.append(file.phone ? el('dd', 'phone') : el('dd', 'phone', '—'));
  if (file.phone) {
    details.lastChild.append(telephone(file.phone));
  }
  const rows = [[t('address'), file.address], [t('room'), file.room], [t('born'), file.dateOfBirth],
    [t('language'), (file.languages || []).map((code) => t('lang_' + code)).join(', ')],
    [t('risk'), file.riskLevel && t(file.riskLevel)], [t('mobility'), file.mobility]];
  if ('healthNotes' in file) {
    rows.push([t('notes'), file.healthNotes, 'health-notes'], [t('medicines'), file.medicines, 'medicines']);
  }
  rows.forEach(([label, value, name]) => {
    const dd = el('dd', name || '', value || '—');
    details.append(el('dt', '', label), dd);
  });
  if (file.healthHidden) {
    // Not her grid: the notes are read only by breaking the glass, with a reason her supervisors see.
    const dd = el('dd', 'health-notes');
    dd.append(button(t('breakGlass'), '', 'break-glass', () => breakGlass(file, dd)));
    details.append(el('dt', '', t('notes')), dd);
  }
  if (file.breakGlass && file.breakGlass.length) {
    details.append(el('dt', '', t('breakGlassSeen')), ...file.breakGlass.map((read) =>
      el('dd', 'break-glass-read', [when(read.at), read.by, read.reason].join(' · '))));
  }
  $('file-contacts').replaceChildren(...(file.emergencyContacts || []).map((contact) => {
    const item = el('li', '', contact.name + (contact.relation ? ' (' + contact.relation + ') ' : ' '));
    item.append(telephone(contact.phone));
    if (contact.updates && contact.consentAt) {
      item.append(el('span', 'gets-news', ' · ' + t('getsNews') + (contact.email ? ' · ' + contact.email : '')));
    }
    return item;
  }));
  // A short update to the family, offered when a contact wants news and her consent is on record.
  const form = $('family-update');
  form.hidden = !(file.emergencyContacts || []).some((contact) => contact.updates && contact.consentAt);
  form.reset();
  $('file-units').replaceChildren(...(file.devices && file.devices.length ? file.devices
    .map((unit) => el('li', '', unit.deviceId + (unit.label ? ' · ' + unit.label : ''))) : [el('li', '', t('noUnit'))]));
  $('file-calls').replaceChildren(...(calls.length ? calls.slice(0, 20).map(callRow) : [el('li', '', t('noFileCalls'))]));
  $('file-archive').textContent = t(file.archived ? 'restore' : 'archive');
  showCare(file.id);
  showCheckIn(file.id);
  showOrders(file.id);
  showFamily(file.id);
  if (!$('file').open) {
    $('file').showModal();
  }
}

$('family-update').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const sent = await send(form, 'POST', '/api/residents/' + shown.file.id + '/family-update',
    { text: form.elements.text.value.trim() });
  if (sent) {
    form.reset();
    notice(t('familySent', sent.messages.length));
    showFamily(shown.file.id);
  }
});

// Her visits: the tier in words and its rhythm, the open tasks, the last visits with their domains, the
// major changes. Technicians, and duty staff of another grid, get nothing from the hub: the section stays hidden.
async function showCare(residentId) {
  const section = $('file-care');
  section.hidden = true;
  let care;
  try {
    care = await api('GET', '/api/residents/' + residentId + '/care');
  } catch (refused) {
    return;
  }
  $('file-care-tier').textContent = t('tierRhythm_' + care.tier, care.visitDays);
  const none = (key) => [el('li', '', t(key))];
  $('file-care-tasks').replaceChildren(...(care.openTasks.length ? care.openTasks.map((task) => el('li',
    task.daysOverdue > 0 ? 'overdue' : '', [t('visitKind_' + task.kind), t('dueOn', when(task.dueAt)),
      task.daysOverdue > 0 ? t('overdueDays', task.daysOverdue) : ''].filter(Boolean).join(' · ')))
    : none('noOpenTasks')));
  $('file-care-visits').replaceChildren(...(care.visits.length ? care.visits.map((visit) => {
    const concerns = Object.entries(visit.domains || {}).filter(([, domain]) => domain.status === 'CONCERN')
      .map(([name, domain]) => t('domain_' + name) + (domain.note ? ': ' + domain.note : ''));
    return el('li', visit.replacedBy ? 'replaced' : '', [when(visit.visitedAt),
      visit.lateEntry ? t('enteredOn', when(visit.enteredAt)) : '', t('method_' + visit.method),
      t('outcome_' + visit.outcome), visit.visitor || '',
      concerns.length ? t('concernsAre', concerns.join(', ')) : t('allDomainsFine'), visit.note || '',
      visit.replacedBy ? t('corrected') : ''].filter(Boolean).join(' · '));
  }) : none('noVisits')));
  $('file-care-events').replaceChildren(...(care.events.length ? care.events.map((event) => el('li', '',
    [when(event.happenedAt), t('event_' + event.kind), event.note || ''].filter(Boolean).join(' · ')))
    : none('noMajorChanges')));
  section.hidden = false;
}

async function breakGlass(file, dd) {
  const reason = window.prompt(t('breakGlassAsk'));
  if (!reason) {
    return;
  }
  try {
    const notes = await api('POST', '/api/residents/' + file.id + '/break-glass', { reason });
    dd.replaceChildren(el('span', '', [notes.healthNotes, notes.medicines].filter(Boolean).join(' · ') || '—'));
  } catch (error) {
    notice(error.message);
  }
}

// A call in the file opens its timeline under it: who was rung at each step, who saw it, who took it.
function callRow(call) {
  const item = el('li');
  item.dataset.alarmId = call.id;
  const rows = el('ol', 'timeline');
  item.append(button([when(call.receivedAt), t(call.kind), call.outcome ? t('outcome_' + call.outcome) : t(call.state)]
    .concat(call.test ? [t('TEST')] : []).join(' · '), '', 'timeline', async () => {
    const alarm = rows.childElementCount ? null : await fetchCall(call.id);
    rows.replaceChildren(...(alarm ? story(alarm) : []));
  }), rows);
  return item;
}

$('file-edit').addEventListener('click', () => {
  const file = shown.file;
  $('file').close();
  residentForm.edit(file, (saved) => {
    shown.onChanged();
    openFile(saved.id, shown.onChanged);
  });
});

$('file-archive').addEventListener('click', async () => {
  const file = shown.file;
  const archiving = !file.archived;
  if (archiving && !await ask(t('archiveAsk', file.name), t('archive'))) {
    return;
  }
  try {
    await api('POST', '/api/residents/' + file.id + '/archive', { archived: archiving });
  } catch (error) {
    notice(error.message);
    return;
  }
  shown.onChanged();
  openFile(file.id, shown.onChanged);
});
