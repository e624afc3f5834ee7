// Staff accounts: who works where, with which role and grids, and who is logged in now. Supervisors
// look; administrators create, change, disable and reset. A new or reset password is good for one
// login: the person chooses their own at once.
import { api, session } from './api.js';
import { $, ask, button, cell, el, notice } from './dom.js';
import { fillSelect, send, values } from './forms.js';
import { t, when } from './i18n.js';

const form = $('staff-form');
const known = { sites: [], grids: [] };

export async function load() {
  let members;
  try {
    [members, known.sites, known.grids] = await Promise.all([api('GET', '/api/staff'), api('GET', '/api/sites'),
      api('GET', '/api/areas')]);
  } catch (error) {
    $('staff-rows').replaceChildren();
    notice(error.message);
    return;
  }
  const admin = session.staff.role === 'ADMIN';
  $('staff-rows').replaceChildren(...members.map((member) => row(member, admin)));
}

function presence(member) {
  if (member.disabled) {
    return t('disabled');
  }
  return member.consoleOpen ? t('consoleOpen') : member.loggedIn ? t('loggedIn') : t('notLoggedIn');
}

function row(member, admin) {
  const tr = el('tr');
  tr.dataset.username = member.username;
  tr.classList.toggle('disabled', member.disabled);
  const actions = el('td');
  if (admin) {
    const box = el('div', 'actions');
    box.append(button(t('edit'), '', 'edit', () => edit(member)),
      button(t(member.disabled ? 'enable' : 'disable'), member.disabled ? '' : 'danger', 'disable', () => disable(member)),
      button(t('resetPassword'), '', 'reset', () => reset(member)),
      button(t('endSessions'), '', 'end-sessions', () => endSessions(member)));
    actions.append(box);
  }
  tr.append(cell(member.displayName, t('displayName')), cell(member.username, t('username')),
    cell(t(member.role), t('role')), cell((member.gridNames || []).join(', '), t('grids')), cell(member.phone, t('phone')),
    cell(presence(member), t('loggedInNow')), cell(member.lastLogin && when(member.lastLogin), t('lastLogin')), actions);
  return tr;
}

function edit(member) {
  form.reset();
  form.querySelectorAll('.field-error').forEach((node) => node.remove());
  form.querySelector('.form-error').textContent = '';
  form.querySelectorAll('[data-new-only]').forEach((node) => { node.hidden = Boolean(member); });
  fillSelect(form.elements.siteId, known.sites, (site) => site.id, (site) => site.name, t('noCommunity'));
  const current = member || { role: 'DUTY', grids: [] };
  ['id', 'username', 'displayName', 'role', 'siteId', 'phone'].forEach((name) => {
    form.elements[name].value = current[name] || '';
  });
  form.elements.role.value = current.role;
  showGrids(current.grids || []);
  $('staff-form-title').textContent = member ? t('editStaff', member.displayName) : t('newStaff');
  $('staff-editor').showModal();
}

// Only the chosen community's grids can be ticked.
function showGrids(ticked) {
  const siteId = form.elements.siteId.value;
  $('staff-grids').replaceChildren(...known.grids.filter((grid) => grid.siteId === siteId).map((grid) => {
    const label = el('label', 'check');
    const box = el('input');
    box.type = 'checkbox';
    box.name = 'grid';
    box.value = grid.id;
    box.checked = ticked.includes(grid.id);
    label.append(box, el('span', '', grid.name));
    return label;
  }));
  if (!$('staff-grids').children.length) {
    $('staff-grids').append(el('p', '', t('noGrids')));
  }
}

form.elements.siteId.addEventListener('change', () => showGrids([]));

// A first password the administrator does not have to invent: 14 letters and digits without look-alikes.
function generated() {
  const letters = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789';
  return [...crypto.getRandomValues(new Uint8Array(14))].map((byte) => letters[byte % letters.length]).join('');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = form.elements.id.value;
  const body = values(form, ['displayName', 'role', 'siteId', 'phone']);
  body.grids = [...form.querySelectorAll('[name=grid]:checked')].map((box) => box.value);
  let password = null;
  if (!id) {
    Object.assign(body, values(form, ['username']));
    password = form.elements.password.value || generated();
    body.password = password;
  }
  const stored = await send(form, id ? 'PUT' : 'POST', id ? '/api/staff/' + id : '/api/staff', body);
  if (stored) {
    $('staff-editor').close();
    await load();
    if (password) {
      notice(t('firstPasswordIs', { name: stored.username, password }));
    }
  }
});

async function disable(member) {
  if (!member.disabled && !await ask(t('disableAsk', member.displayName), t('disable'))) {
    return;
  }
  try {
    await api('POST', '/api/staff/' + member.id + '/disabled', { disabled: !member.disabled });
  } catch (error) {
    notice(error.message);
  }
  load();
}

async function reset(member) {
  if (!await ask(t('resetAsk', member.displayName), t('resetPassword'))) {
    return;
  }
  try {
    const answer = await api('POST', '/api/staff/' + member.id + '/password');
    notice(t('firstPasswordIs', { name: answer.username, password: answer.password }));
  } catch (error) {
    notice(error.message);
  }
  load();
}

// Log an account out on every phone and computer (a phone lost, a shared desk), its live consoles too.
async function endSessions(member) {
  if (!await ask(t('endSessionsAsk', member.displayName), t('endSessions'))) {
    return;
  }
  try {
    const answer = await api('DELETE', '/api/staff/' + member.id + '/sessions');
    notice(t('sessionsEnded', { name: member.displayName, count: answer.sessionsEnded }));
  } catch (error) {
    notice(error.message);
  }
  load();
}

$('new-staff').addEventListener('click', () => edit(null));
