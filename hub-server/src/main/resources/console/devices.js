// Units and their health, for technicians (and supervisors, who may look): failed and overdue weekly
// tests first, since those are what a technician acts on. Technicians and administrators also add units,
// place them at a resident's bedside, give them a one-time enrolment code, rotate secrets and revoke.
import { api } from './api.js';
import { $, ask, button, cell, el, notice } from './dom.js';
import { fillSelect, send, values } from './forms.js';
import { t, when } from './i18n.js';

const ORDER = { FAILED: 0, OVERDUE: 1, WAITING: 2, PASSED: 3 };

export async function load(canCommand) {
  let devices;
  try {
    devices = await api('GET', '/api/devices');
  } catch (error) {
    $('device-rows').replaceChildren();
    notice(error.message);
    return;
  }
  devices.sort((a, b) => (ORDER[a.weeklyTest] ?? 4) - (ORDER[b.weeklyTest] ?? 4) || a.deviceId.localeCompare(b.deviceId));
  $('device-rows').replaceChildren(...devices.map((device) => row(device, canCommand)));
  const counts = {};
  devices.forEach((device) => { counts[device.weeklyTest] = (counts[device.weeklyTest] || 0) + 1; });
  $('weekly-summary').textContent = t('weeklyTest') + ['FAILED', 'OVERDUE', 'WAITING', 'PASSED']
    .filter((status) => counts[status]).map((status) => counts[status] + ' ' + t(status)).join(' · ');
}

function row(device, canCommand) {
  const row = document.createElement('tr');
  row.dataset.deviceId = device.deviceId;
  const status = cell(t(device.revoked ? 'revoked' : device.online ? 'online' : 'offlineUnit'), t('status'));
  status.className = device.revoked ? 'revoked' : device.online ? 'online' : 'offline';
  const test = cell([device.lastTest && when(device.lastTest), device.weeklyTest && t(device.weeklyTest)]
    .filter(Boolean).join(' · '), t('lastTest'));
  test.className = 'weekly-' + (device.weeklyTest || 'none').toLowerCase();
  const actions = document.createElement('td');
  if (canCommand && !device.revoked) {
    const box = document.createElement('div');
    box.className = 'actions';
    box.append(button(t('edit'), '', 'edit', () => edit(device)),
      button(t('enrolmentCode'), '', 'code', () => showCode(device.deviceId)),
      button(t('rotateSecret'), '', 'rotate', () => rotate(device)),
      button(t('revoke'), 'danger', 'revoke', () => revoke(device)));
    ['SELFTEST', 'LOCATE', 'TEST_CALL'].forEach((cmd) => box.append(button(t(cmd), '', cmd, async () => {
      const unit = device.label || device.deviceId;
      const besideIt = answerLine(row);
      try {
        const sent = await api('POST', '/api/devices/' + device.deviceId + '/commands', { cmd });
        tell(besideIt, t(sent.online ? 'commandSent' : 'commandQueued', t(cmd) + ' → ' + unit));
        awaitAnswer(device.deviceId, sent.commandId, cmd, unit, besideIt);
      } catch (error) {
        tell(besideIt, error.message);
      }
    })));
    actions.append(box);
  }
  const resident = device.residentName || device.residentId;
  const name = cell(device.deviceId + (device.label ? ' · ' + device.label : '') + (resident ? ' · ' + resident : ''), t('device'));
  if (device.reEnrolledOnline) {
    name.append(el('div', 're-enrolled-online', t('reEnrolledOnline',
      { by: device.reEnrolledOnline.by, at: when(device.reEnrolledOnline.at) })));
  }
  row.append(name, status,
    cell(when(device.lastSeen), t('lastSeen')), cell(device.firmware, t('firmware')), cell(device.outbox, t('outbox')),
    cell(device.power && t(device.power), t('power')), cell(device.batteryPct == null ? null : device.batteryPct + '%', t('battery')), cell(device.cpuTempC, t('cpuTemp')),
    cell(device.wifiRssi, t('wifi')), test, actions);
  return row;
}

// The unit answers within seconds when it is online (a self-test cycles its lamps first); the screen asks
// the hub once a second for a minute, then says the answer has not come.
const ANSWER_WAIT_MS = 60000;

async function awaitAnswer(deviceId, commandId, cmd, unit, said) {
  const until = Date.now() + ANSWER_WAIT_MS;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let sent;
    try {
      sent = await api('GET', '/api/devices/' + deviceId + '/commands/' + commandId);
    } catch (error) {
      continue; // a blink of the network: ask again
    }
    if (sent.answeredAt) {
      tell(said, t(sent.ok ? 'commandPassed' : 'commandFailed', { cmd: t(cmd), unit }) + answer(sent.detail),
        { ok: String(sent.ok), commandId });
      return;
    }
  }
  tell(said, t('commandNoAnswer', t(cmd) + ' → ' + unit));
}

// The line under a unit's row where its answers are said: across the table, in view where the tap was made
// (also on a phone), not under the whole table. Made at the first command.
function answerLine(row) {
  const next = row.nextElementSibling;
  if (next && next.classList.contains('command-answer-row')) {
    return next.querySelector('.command-answer');
  }
  const line = el('tr', 'command-answer-row');
  const where = el('td', '');
  where.colSpan = row.children.length;
  const said = el('p', 'command-answer', '');
  said.setAttribute('role', 'status');
  where.append(said);
  line.append(where);
  row.after(line);
  return said;
}

// Says a command's news beside the unit and in the page's message line (its last word, for the record).
function tell(beside, text, data = {}) {
  for (const target of [beside, $('device-message')]) {
    if (!target) {
      continue;
    }
    target.textContent = text;
    Object.entries(data).forEach(([name, value]) => { target.dataset[name] = value; });
  }
  if (beside && beside.isConnected) {
    beside.scrollIntoView({ block: 'nearest' }); // the least move that brings the answer into view
  }
}

// A word the unit sent ("call-button", "idle", "connected"), in the console's language when it has one.
function said(prefix, value) {
  const key = prefix + value;
  const text = t(key);
  return text === key ? value : text;
}

/** A self-test's findings in words: each input, the link, the outbox. */
function answer(detail) {
  if (!detail || typeof detail !== 'object') {
    return '';
  }
  const parts = [];
  if (detail.inputs) {
    parts.push(t('inputs') + ' ' + Object.entries(detail.inputs)
      .map(([input, state]) => said('input_', input) + ' ' + said('inputState_', state)).join(', '));
  }
  if (detail.link) {
    parts.push(t('link') + ' ' + said('linkState_', detail.link));
  }
  if (detail.outbox) {
    parts.push(t('outboxIs') + ' ' + said('outboxState_', detail.outbox)
      + (detail.outboxPending > 0 ? ' (' + detail.outboxPending + ')' : ''));
  }
  if (detail.blinkingForS) {
    parts.push(t('blinkingFor', detail.blinkingForS));
  }
  return parts.length ? ' · ' + parts.join(' · ') : '';
}

// --- adding and placing a unit ---------------------------------------------------------------------
const form = $('device-form');

async function edit(device) {
  let residents;
  try {
    residents = (await api('GET', '/api/residents?limit=500')).items;
  } catch (error) {
    notice(error.message);
    return;
  }
  form.reset();
  form.querySelectorAll('.field-error').forEach((node) => node.remove());
  form.querySelector('.form-error').textContent = '';
  form.querySelectorAll('[data-new-only]').forEach((node) => { node.hidden = Boolean(device); });
  fillSelect(form.elements.residentId, residents, (resident) => resident.id,
    (resident) => resident.name + (resident.room ? ' · ' + t('room') + ' ' + resident.room : ''), t('noResident'));
  form.dataset.deviceId = device ? device.deviceId : '';
  form.elements.label.value = (device && device.label) || '';
  form.elements.residentId.value = (device && device.residentId) || '';
  $('device-form-title').textContent = device ? t('editDevice', device.deviceId) : t('newDevice');
  $('device-editor').showModal();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const deviceId = form.dataset.deviceId;
  const body = values(form, deviceId ? ['label', 'residentId'] : ['deviceId', 'label', 'residentId']);
  const stored = await send(form, deviceId ? 'PUT' : 'POST', '/api/devices' + (deviceId ? '/' + deviceId : ''), body);
  if (!stored) {
    return;
  }
  $('device-editor').close();
  await load(true);
  if (!deviceId) {
    // A new unit gets its code at once: the technician at the bedside types it on the unit.
    showCode(stored.deviceId);
  }
});

async function showCode(deviceId) {
  let code;
  try {
    code = await api('POST', '/api/devices/' + deviceId + '/enrolment-code', {});
  } catch (error) {
    // A unit that works is re-enrolled only on purpose: its code will disconnect it.
    if (error.code !== 'unit-online') {
      notice(error.message);
      return;
    }
    if (!await ask(t('enrolOnlineAsk', deviceId), t('enrolOnlineYes'))) {
      return;
    }
    try {
      code = await api('POST', '/api/devices/' + deviceId + '/enrolment-code', { confirm: true });
    } catch (again) {
      notice(again.message);
      return;
    }
    load(true); // the unit's line now says who re-enrolled it while it was online
  }
  $('enrolment-title').textContent = t('enrolmentFor', deviceId);
  $('enrolment-code').textContent = code.code;
  $('enrolment-expires').textContent = t('enrolmentUntil', when(code.expiresAt));
  $('enrolment-command').textContent = code.command;
  // The hub draws the QR code itself; it holds only the command line, as paths and squares.
  const svg = new DOMParser().parseFromString(code.qrSvg, 'image/svg+xml').documentElement;
  $('enrolment-qr').replaceChildren(svg.nodeName === 'svg' ? document.importNode(svg, true) : el('span'));
  $('enrolment').dataset.deviceId = deviceId;
  $('enrolment').showModal();
}

async function rotate(device) {
  if (!await ask(t('rotateAsk', device.deviceId), t('rotateSecret'))) {
    return;
  }
  try {
    const answer = await api('POST', '/api/devices/' + device.deviceId + '/secret');
    notice(t('newSecret', { unit: device.deviceId, secret: answer.secret }));
  } catch (error) {
    notice(error.message);
  }
}

async function revoke(device) {
  if (!await ask(t('revokeAsk', device.deviceId), t('revoke'))) {
    return;
  }
  try {
    await api('DELETE', '/api/devices/' + device.deviceId);
  } catch (error) {
    notice(error.message);
  }
  load(true);
}

$('new-device').addEventListener('click', () => edit(null));
