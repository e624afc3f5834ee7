// Units and their health, for technicians (and supervisors, who may look): failed and overdue weekly
// tests first, since those are what a technician acts on.
import { api } from './api.js';
import { $, button, cell, notice } from './dom.js';
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
  const status = cell(t(device.online ? 'online' : 'offlineUnit'), t('status'));
  status.className = device.online ? 'online' : 'offline';
  const test = cell([device.lastTest && when(device.lastTest), device.weeklyTest && t(device.weeklyTest)]
    .filter(Boolean).join(' · '), t('lastTest'));
  test.className = 'weekly-' + (device.weeklyTest || 'none').toLowerCase();
  const actions = document.createElement('td');
  if (canCommand) {
    const box = document.createElement('div');
    box.className = 'actions';
    ['SELFTEST', 'LOCATE', 'TEST_CALL'].forEach((cmd) => box.append(button(t(cmd), '', cmd, async () => {
      const unit = device.label || device.deviceId;
      try {
        const sent = await api('POST', '/api/devices/' + device.deviceId + '/commands', { cmd });
        $('device-message').textContent = t(sent.online ? 'commandSent' : 'commandQueued', t(cmd) + ' → ' + unit);
        awaitAnswer(device.deviceId, sent.commandId, cmd, unit);
      } catch (error) {
        $('device-message').textContent = error.message;
      }
    })));
    actions.append(box);
  }
  row.append(cell(device.deviceId + (device.label ? ' · ' + device.label : ''), t('device')), status,
    cell(when(device.lastSeen), t('lastSeen')), cell(device.firmware, t('firmware')), cell(device.outbox, t('outbox')),
    cell(device.power && t(device.power), t('power')), cell(device.batteryPct == null ? null : device.batteryPct + '%', t('battery')), cell(device.cpuTempC, t('cpuTemp')),
    cell(device.wifiRssi, t('wifi')), test, actions);
  return row;
}

// The unit answers within seconds when it is online (a self-test cycles its lamps first); the screen asks
// the hub once a second for a minute, then says the answer has not come.
const ANSWER_WAIT_MS = 60000;

async function awaitAnswer(deviceId, commandId, cmd, unit) {
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
      const message = $('device-message');
      message.textContent = t(sent.ok ? 'commandPassed' : 'commandFailed', { cmd: t(cmd), unit }) + answer(sent.detail);
      message.dataset.ok = String(sent.ok);
      message.dataset.commandId = commandId;
      return;
    }
  }
  $('device-message').textContent = t('commandNoAnswer', t(cmd) + ' → ' + unit);
}

/** A self-test's findings in words: each input, the link, the outbox. */
function answer(detail) {
  if (!detail || typeof detail !== 'object') {
    return '';
  }
  const parts = [];
  if (detail.inputs) {
    parts.push(t('inputs') + ' ' + Object.entries(detail.inputs).map(([input, state]) => input + ' ' + state).join(', '));
  }
  if (detail.link) {
    parts.push(t('link') + ' ' + detail.link);
  }
  if (detail.outbox) {
    parts.push(t('outboxIs') + ' ' + detail.outbox + (detail.outboxPending > 0 ? ' (' + detail.outboxPending + ')' : ''));
  }
  if (detail.blinkingForS) {
    parts.push(t('blinkingFor', detail.blinkingForS));
  }
  return parts.length ? ' · ' + parts.join(' · ') : '';
}
