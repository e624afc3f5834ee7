// Who is on duty now, going on and off duty, and the week's roster: per grid, the shifts held each day
// and, in red, the hours nobody who answers care calls is on duty, before they happen. Supervisors and
// administrators edit it in place: a tap on a shift opens it in the form below the week.
import { api, session } from './api.js';
import { $, button, el, notice } from './dom.js';
import { fillSelect, send, values } from './forms.js';
import { t } from './i18n.js';

const PLANNERS = ['SUPERVISOR', 'ADMIN'];
const week = { from: null, sites: [], grids: [], staff: [], shifts: [] };
const form = $('shift-form');

export async function load() {
  let duty;
  try {
    [duty, week.sites, week.grids, week.shifts] = await Promise.all([api('GET', '/api/duty'), api('GET', '/api/sites'),
      api('GET', '/api/areas'), api('GET', '/api/shifts')]);
    week.staff = PLANNERS.includes(session.staff.role) ? await api('GET', '/api/staff') : [];
  } catch (error) {
    notice(error.message);
    return;
  }
  $('duty-list').replaceChildren(...(duty.length ? duty : [null]).map((member) => {
    const item = el('li', '', member ? member.displayName + ' · ' + t(member.role) : t('nobodyOnDuty'));
    if (member) {
      item.dataset.username = member.username;
    }
    return item;
  }));
  const select = $('roster-site');
  const first = select.value || session.staff.siteId || (week.sites[0] || {}).id || '';
  fillSelect(select, week.sites, (site) => site.id, (site) => site.name);
  select.value = first;
  select.closest('label').hidden = week.sites.length < 2;
  fillForm();
  await showWeek();
}

async function showWeek() {
  const siteId = $('roster-site').value;
  if (!siteId) {
    $('week').replaceChildren(el('p', '', t('noCommunities')));
    return;
  }
  let answer;
  try {
    answer = await api('GET', '/api/roster/week?siteId=' + encodeURIComponent(siteId) + (week.from ? '&from=' + week.from : ''));
  } catch (error) {
    notice(error.message);
    return;
  }
  week.from = answer.from;
  $('week-title').textContent = t('weekFrom', { from: answer.from, zone: answer.timezone });
  const planner = PLANNERS.includes(session.staff.role);
  $('week').replaceChildren(...(answer.grids.length ? answer.grids.map((grid) => gridWeek(grid, planner))
    : [el('p', '', t('noGrids'))]));
}

function gridWeek(grid, planner) {
  const box = el('div', 'grid-week');
  box.dataset.areaId = grid.areaId;
  box.append(el('h3', '', grid.name));
  const table = el('table', 'cards week');
  grid.days.forEach((day) => {
    const row = el('tr');
    row.dataset.date = day.date;
    const shifts = el('td');
    shifts.dataset.label = t('shifts');
    day.shifts.filter((shift) => shift.kind !== 'OFF').forEach((shift) => {
      // A shift that ends at 00:00 runs to the end of the day, so it reads 24:00.
      const ends = shift.ends === '00:00' ? '24:00' : shift.ends;
      const words = shift.staffName + ' ' + shift.starts + '–' + ends + (shift.kind === 'ONE_OFF' ? ' · ' + t('ONE_OFF') : '');
      const item = planner ? button(words, 'shift', 'shift', () => fillForm(shift)) : el('span', 'shift', words);
      item.dataset.shiftId = shift.id;
      shifts.append(item);
    });
    day.shifts.filter((shift) => shift.kind === 'OFF').forEach((shift) => {
      const item = planner ? button(shift.staffName + ' · ' + t('OFF'), 'shift off', 'shift', () => fillForm(shift))
        : el('span', 'shift off', shift.staffName + ' · ' + t('OFF'));
      item.dataset.shiftId = shift.id;
      shifts.append(item);
    });
    if (!shifts.children.length) {
      shifts.append(el('span', '', t('noShifts')));
    }
    const gaps = el('td', day.gaps.length ? 'gap' : 'covered', day.gaps.length ? t('gapsAt', day.gaps.join(', ')) : t('coveredAllDay'));
    gaps.dataset.label = t('coverage');
    row.append(el('th', '', t(day.weekday) + ' ' + day.date.slice(5)), shifts, gaps);
    table.append(row);
  });
  box.append(table);
  return box;
}

// --- the shift form ---------------------------------------------------------------------------------
function fillForm(shift) {
  form.reset();
  form.querySelectorAll('.field-error').forEach((node) => node.remove());
  form.querySelector('.form-error').textContent = '';
  const siteId = $('roster-site').value;
  fillSelect(form.elements.staffId, week.staff.filter((member) => !member.disabled && member.role !== 'ADMIN'),
    (member) => member.id, (member) => member.displayName + ' · ' + t(member.role), t('choosePerson'));
  fillSelect(form.elements.areaId, week.grids.filter((grid) => !siteId || grid.siteId === siteId),
    (grid) => grid.id, (grid) => grid.name, t('theirGrids'));
  const current = shift || { kind: 'WEEKLY', weekday: 'MONDAY', starts: '08:00', ends: '20:00' };
  ['id', 'staffId', 'areaId', 'kind', 'weekday', 'onDate', 'starts', 'ends'].forEach((name) => {
    form.elements[name].value = current[name] || '';
  });
  form.elements.weekday.value = current.weekday || 'MONDAY';
  $('shift-form-title').textContent = shift ? t('editShift', shift.staffName) : t('newShift');
  $('shift-delete').hidden = !shift;
  showKind();
  if (shift) {
    form.scrollIntoView({ block: 'nearest' });
  }
}

function showKind() {
  const kind = form.elements.kind.value;
  form.querySelectorAll('[data-kind]').forEach((node) => { node.hidden = !node.dataset.kind.split(' ').includes(kind); });
}

form.elements.kind.addEventListener('change', showKind);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = form.elements.id.value;
  const kind = form.elements.kind.value;
  const body = values(form, ['staffId', 'areaId', 'kind', 'starts', 'ends', kind === 'WEEKLY' ? 'weekday' : 'onDate']);
  if (await send(form, id ? 'PUT' : 'POST', id ? '/api/shifts/' + id : '/api/shifts', body)) {
    await load();
  }
});

$('shift-delete').addEventListener('click', async () => {
  try {
    await api('DELETE', '/api/shifts/' + form.elements.id.value);
  } catch (error) {
    notice(error.message);
    return;
  }
  load();
});

$('shift-new').addEventListener('click', () => fillForm(null));
$('roster-site').addEventListener('change', () => {
  week.from = null;
  fillForm(null);
  showWeek();
});

function moveWeek(days) {
  const from = new Date(week.from + 'T12:00:00Z');
  from.setUTCDate(from.getUTCDate() + days);
  week.from = from.toISOString().slice(0, 10);
  showWeek();
}
$('week-before').addEventListener('click', () => moveWeek(-7));
$('week-after').addEventListener('click', () => moveWeek(7));

export async function setDuty(onDuty) {
  try {
    await api('POST', '/api/duty', { onDuty });
  } catch (error) {
    notice(error.message);
  }
  load();
}
