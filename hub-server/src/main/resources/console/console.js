// CareCall duty console: the live board. Plain JavaScript, no build step.
'use strict';

const TEXT = {
  'zh-CN': {
    clockBehind: '设备时钟慢 {}', clockAhead: '设备时钟快 {}', hours: '小时',
    storeFailing: '系统故障：中心无法保存新呼叫，设备正在重试。请电话联系老人，并通知技术人员。',
    disconnected: '未连接', connected: '已连接', soundOff: '声音已关闭 · 点击开启', soundOn: '声音已开启',
    logout: '退出', login: '登录', username: '用户名', password: '密码', loginButton: '登录',
    loginFailed: '用户名或密码错误', openCalls: '当前呼叫', noCalls: '没有未处理的呼叫', contacts: '紧急联系人',
    close: '关闭', resolveTitle: '结束呼叫', outcome: '结果', outcomeHelped: '已协助', outcomeMedical: '送医 / 急救',
    outcomeFalse: '误报', outcomeOther: '其他', note: '记录', resolve: '结束', cancel: '取消',
    coming: '我来处理', arrived: '已到达', file: '档案', takenBy: '处理人：', presses: '按键次数',
    step: '升级级别', ago: '前', seconds: '秒', minutes: '分钟', cancelled: '老人已取消 · 请电话确认',
    confirm: '已电话确认', room: '房间', grid: '网格', born: '出生日期', risk: '风险等级', notes: '健康备注',
    CALL_BUTTON: '一键呼叫', PULL_CORD: '拉绳呼叫', FALL: '跌倒', SMOKE: '烟雾', GAS: '燃气', UNKNOWN: '无法识别的呼叫',
    WATER: '漏水', INACTIVITY: '长时间无活动', DOOR_AT_NIGHT: '夜间开门', TAMPER: '设备被拆', POWER_FAILURE: '停电',
    LOW_BATTERY: '电量低', DEVICE_OFFLINE: '设备离线', TEST: '测试呼叫',
    panelTitle: '模拟设备（演示）', 'call-button': '呼叫按钮', 'pull-cord': '拉绳', 'cancel-button': '取消（长按）',
    smoke: '烟雾', door: '开门', motion: '走动', 'power-fail': '停电', tamper: '拆机',
    tabBoard: '呼叫', tabHistory: '历史', tabDevices: '设备', tabRoster: '值班', tabReports: '报表',
    device: '设备', status: '状态', lastSeen: '最后通信', firmware: '固件', outbox: '待发', power: '电源',
    battery: '电量', cpuTemp: '温度', wifi: '信号', lastTest: '最近测试', weeklyTest: '每周测试：',
    PASSED: '通过', WAITING: '进行中', FAILED: '失败', OVERDUE: '逾期', online: '在线', offline: '离线', SELFTEST: '自检', LOCATE: '定位',
    TEST_CALL: '测试呼叫', commandSent: '指令已发送：', onDutyNow: '当前值班', goOn: '开始值班', goOff: '结束值班',
    shifts: '班次', nobodyOnDuty: '无人值班', responseTimes: '响应时间（近30天）', group: '分组', calls: '呼叫数',
    within60: '60秒内接听', within180: '180秒内接听', all: '全部', ackSeconds: '接听用时（秒）',
    RECEIVED: '已收到', NOTIFIED: '已通知', ACKNOWLEDGED: '已接单', ON_SITE: '已到达', RESOLVED: '已结束',
    ESCALATION: '升级', CONFIRMED: '已确认', PRESSED_AGAIN: '再次按键',
  },
  en: {
    clockBehind: 'unit clock {} behind', clockAhead: 'unit clock {} ahead', hours: 'h',
    storeFailing: 'System alarm: the hub cannot store new calls; the units keep retrying. Phone the residents and call the technician.',
    disconnected: 'Disconnected', connected: 'Connected', soundOff: 'Sound is off · tap to turn on', soundOn: 'Sound on',
    logout: 'Log out', login: 'Log in', username: 'User name', password: 'Password', loginButton: 'Log in',
    loginFailed: 'Wrong user name or password', openCalls: 'Open calls', noCalls: 'No open calls', contacts: 'Emergency contacts',
    close: 'Close', resolveTitle: 'Close the call', outcome: 'Outcome', outcomeHelped: 'Helped',
    outcomeMedical: 'Medical help / hospital', outcomeFalse: 'False alarm', outcomeOther: 'Other', note: 'Note',
    resolve: 'Close call', cancel: 'Cancel', coming: "I'm coming", arrived: 'Arrived', file: 'File',
    takenBy: 'Taken by ', presses: 'presses', step: 'escalation step', ago: 'ago', seconds: 's', minutes: 'min',
    cancelled: 'Cancelled by the resident · confirm by phone', confirm: 'Confirmed by phone', room: 'Room',
    grid: 'Grid', born: 'Born', risk: 'Risk', notes: 'Health notes',
    CALL_BUTTON: 'Call button', PULL_CORD: 'Pull cord', FALL: 'Fall', SMOKE: 'Smoke', GAS: 'Gas', UNKNOWN: 'Unreadable call',
    WATER: 'Water', INACTIVITY: 'No activity', DOOR_AT_NIGHT: 'Door at night', TAMPER: 'Tamper', POWER_FAILURE: 'Power cut',
    LOW_BATTERY: 'Low battery', DEVICE_OFFLINE: 'Device offline', TEST: 'Test call',
    panelTitle: 'Simulated units (demo)', 'call-button': 'Call button', 'pull-cord': 'Pull cord',
    'cancel-button': 'Cancel (hold)', smoke: 'Smoke', door: 'Door', motion: 'Motion', 'power-fail': 'Power cut',
    tamper: 'Tamper',
    tabBoard: 'Calls', tabHistory: 'History', tabDevices: 'Devices', tabRoster: 'Duty', tabReports: 'Reports',
    device: 'Device', status: 'Status', lastSeen: 'Last seen', firmware: 'Firmware', outbox: 'Outbox', power: 'Power',
    battery: 'Battery', cpuTemp: 'CPU °C', wifi: 'Wi-Fi dBm', lastTest: 'Last test', weeklyTest: 'Weekly test: ',
    PASSED: 'passed', WAITING: 'waiting', FAILED: 'failed', OVERDUE: 'overdue', online: 'online', offline: 'offline', SELFTEST: 'Self-test',
    LOCATE: 'Locate', TEST_CALL: 'Test call', commandSent: 'Command sent: ', onDutyNow: 'On duty now',
    goOn: 'Go on duty', goOff: 'Go off duty', shifts: 'Shifts', nobodyOnDuty: 'Nobody on duty',
    responseTimes: 'Response times (last 30 days)', group: 'Group', calls: 'Calls', within60: 'Taken within 60 s',
    within180: 'Taken within 180 s', all: 'All', ackSeconds: 'time to take the call (s)',
    RECEIVED: 'Received', NOTIFIED: 'Notified', ACKNOWLEDGED: 'Taken', ON_SITE: 'On site', RESOLVED: 'Resolved',
    ESCALATION: 'Escalation', CONFIRMED: 'Confirmed', PRESSED_AGAIN: 'Pressed again',
  },
};
const CLASS_ORDER = { LIFE_SAFETY: 0, WELLNESS: 1, TECHNICAL: 2 };

const state = {
  lang: localStorage.getItem('carecall.lang') || 'zh-CN',
  token: sessionStorage.getItem('carecall.token'),
  alarms: new Map(),
  system: null,
  socket: null,
  retry: 0,
  sound: false,
  audio: null,
  resolving: null,
};

const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[state.lang][key] || key;

function translate() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-i18n]').forEach((node) => { node.textContent = t(node.dataset.i18n); });
  $('lang').textContent = state.lang === 'en' ? '中文' : 'English';
  showLink(state.socket && state.socket.readyState === WebSocket.OPEN);
  showSound();
  showSystem(state.system);
  render();
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({ 'Content-Type': 'application/json' },
      state.token ? { Authorization: 'Bearer ' + state.token } : {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== '/api/session') {
    logout();
  }
  if (!response.ok) {
    throw new Error(data.detail || response.statusText);
  }
  return data;
}

// --- logging in -------------------------------------------------------------------------------------
$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const session = await api('POST', '/api/session', { username: form.get('username'), password: form.get('password') });
    state.token = session.token;
    sessionStorage.setItem('carecall.token', state.token);
    $('login-error').textContent = '';
    start();
  } catch (error) {
    $('login-error').textContent = t('loginFailed');
  }
});

$('logout').addEventListener('click', () => {
  api('DELETE', '/api/session').catch(() => {});
  logout();
});

function logout() {
  state.token = null;
  sessionStorage.removeItem('carecall.token');
  if (state.socket) {
    state.socket.onclose = null;
    state.socket.close();
  }
  state.alarms.clear();
  document.querySelectorAll('.page').forEach((section) => { section.hidden = true; });
  $('tabs').hidden = true;
  $('panel').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  ring();
}

function start() {
  $('login').hidden = true;
  $('tabs').hidden = false;
  $('logout').hidden = false;
  show('board');
  connect();
  panel();
}

// --- pages ------------------------------------------------------------------------------------------
document.querySelectorAll('[data-tab]').forEach((tab) => tab.addEventListener('click', () => show(tab.dataset.tab)));

function show(page) {
  document.querySelectorAll('.page').forEach((section) => { section.hidden = section.id !== page; });
  document.querySelectorAll('[data-tab]').forEach((tab) => tab.classList.toggle('active', tab.dataset.tab === page));
  ({ history: loadHistory, devices: loadDevices, roster: loadRoster, reports: loadReports }[page] || (() => {}))();
}

function cell(text) {
  const node = document.createElement('td');
  node.textContent = text === null || text === undefined || text === '' ? '—' : text;
  return node;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(state.lang) : '—';
}

async function loadHistory() {
  const page = await api('GET', '/api/alarms?state=all&limit=100');
  $('history-list').replaceChildren(...page.items.map((alarm) => {
    const item = document.createElement('li');
    item.dataset.alarmId = alarm.id;
    const open = button([when(alarm.receivedAt), (alarm.resident || {}).name || alarm.deviceId, t(alarm.kind),
      t(alarm.state), alarm.outcome].filter(Boolean).join(' · '), '', 'timeline', () => loadTimeline(alarm.id));
    item.append(open);
    return item;
  }));
}

async function loadTimeline(id) {
  const alarm = await api('GET', '/api/alarms/' + id);
  $('timeline-title').textContent = ((alarm.resident || {}).name || alarm.deviceId) + ' · ' + t(alarm.kind);
  $('timeline-rows').replaceChildren(...alarm.timeline.map((row) => {
    const item = document.createElement('li');
    item.textContent = [when(row.at), t(row.action), row.actor, row.origin, row.note].filter(Boolean).join(' · ');
    return item;
  }));
  $('timeline').hidden = false;
}

async function loadDevices() {
  let devices;
  try {
    devices = await api('GET', '/api/devices');
  } catch (error) {
    $('device-message').textContent = error.message;
    $('device-rows').replaceChildren();
    return;
  }
  $('device-rows').replaceChildren(...devices.map((device) => {
    const row = document.createElement('tr');
    row.dataset.deviceId = device.deviceId;
    const status = cell(t(device.online ? 'online' : 'offline'));
    status.className = device.online ? 'online' : 'offline';
    const actions = document.createElement('td');
    const box = document.createElement('div');
    box.className = 'actions';
    ['SELFTEST', 'LOCATE', 'TEST_CALL'].forEach((cmd) => box.append(button(t(cmd), '', cmd, async () => {
      try {
        await api('POST', '/api/devices/' + device.deviceId + '/commands', { cmd });
        $('device-message').textContent = t('commandSent') + t(cmd) + ' → ' + device.deviceId;
      } catch (error) {
        $('device-message').textContent = error.message;
      }
    })));
    actions.append(box);
    row.append(cell(device.deviceId + (device.label ? ' (' + device.label + ')' : '')), status, cell(when(device.lastSeen)),
      cell(device.firmware), cell(device.outbox), cell(device.power), cell(device.batteryPct), cell(device.cpuTempC),
      cell(device.wifiRssi), weeklyTestCell(device), actions);
    return row;
  }));
  // Failed and overdue units first: the weekly check is what technicians act on.
  const counts = {};
  devices.forEach((device) => { counts[device.weeklyTest] = (counts[device.weeklyTest] || 0) + 1; });
  $('weekly-summary').textContent = t('weeklyTest') + ['FAILED', 'OVERDUE', 'WAITING', 'PASSED']
    .filter((status) => counts[status]).map((status) => counts[status] + ' ' + t(status)).join(' · ');
}

function weeklyTestCell(device) {
  const test = cell([device.lastTest && when(device.lastTest), device.weeklyTest && t(device.weeklyTest)]
    .filter(Boolean).join(' · '));
  test.className = 'weekly-' + (device.weeklyTest || 'none').toLowerCase();
  return test;
}

async function loadRoster() {
  const [duty, shifts] = await Promise.all([api('GET', '/api/duty'), api('GET', '/api/shifts')]);
  $('duty-list').replaceChildren(...(duty.length ? duty : [null]).map((member) => {
    const item = document.createElement('li');
    item.textContent = member ? member.displayName + ' (' + member.role + ')' : t('nobodyOnDuty');
    if (member) {
      item.dataset.username = member.username;
    }
    return item;
  }));
  $('shift-list').replaceChildren(...shifts.map((shift) => {
    const item = document.createElement('li');
    item.textContent = [shift.kind, shift.weekday || shift.onDate, shift.starts + '–' + shift.ends].join(' · ');
    return item;
  }));
}

async function setDuty(onDuty) {
  try {
    await api('POST', '/api/duty', { onDuty });
  } catch (error) {
    alert(error.message);
  }
  loadRoster();
}
$('go-on').addEventListener('click', () => setDuty(true));
$('go-off').addEventListener('click', () => setDuty(false));

async function loadReports() {
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
    row.append(cell(name), cell(figures.calls), cell(figures.toAcknowledge.p50), cell(figures.toAcknowledge.p90),
      cell(percent(figures.acknowledgedWithin60s)), cell(percent(figures.acknowledgedWithin180s)));
    return row;
  }));
  chart(groups);
}

// A bar chart of p50 and p90 time-to-take per group, drawn as SVG: no chart library needed for this.
function chart(groups) {
  const svg = 'http://www.w3.org/2000/svg';
  const rows = groups.filter(([, figures]) => figures.toAcknowledge.count > 0);
  const max = Math.max(60, ...rows.map(([, figures]) => figures.toAcknowledge.p90));
  const height = 40 + rows.length * 44;
  const root = document.createElementNS(svg, 'svg');
  root.setAttribute('viewBox', '0 0 600 ' + height);
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', t('ackSeconds'));
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(svg, tag);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
    if (text !== undefined) {
      node.textContent = text;
    }
    root.append(node);
  };
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

// --- the demo's simulator panel: shown only when the hub has one ------------------------------------
const PANEL_INPUTS = ['call-button', 'pull-cord', 'cancel-button', 'smoke', 'door', 'motion', 'power-fail'];
let panelTimer = null;

async function panel() {
  let units;
  try {
    units = await api('GET', '/api/demo/units');
  } catch (error) {
    $('panel').hidden = true;
    return;
  }
  $('panel').hidden = false;
  $('units').replaceChildren(...units.map(unitCard));
  if (!panelTimer) {
    panelTimer = setInterval(() => state.token && panel(), 700);
  }
}

function unitCard(unit) {
  const item = document.createElement('li');
  item.className = 'unit';
  item.dataset.unitId = unit.id;
  item.dataset.phase = unit.phase;
  const title = document.createElement('h3');
  title.textContent = unit.resident + ' · ' + unit.id;
  const lamps = document.createElement('div');
  lamps.className = 'lamps';
  ['red', 'amber', 'green'].forEach((colour) => {
    const lamp = document.createElement('span');
    lamp.className = 'lamp ' + colour;
    lamp.dataset.lamp = colour;
    lamp.dataset.mode = unit.lamps[colour];
    lamp.title = colour + ': ' + unit.lamps[colour];
    lamps.append(lamp);
  });
  const inputs = document.createElement('div');
  inputs.className = 'inputs';
  PANEL_INPUTS.forEach((input) => inputs.append(button(t(input), input === 'call-button' ? 'danger' : '', input,
    () => api('POST', '/api/demo/units/' + unit.id + '/' + input).catch((error) => alert(error.message)))));
  item.append(title, lamps, inputs);
  return item;
}

// --- the live stream --------------------------------------------------------------------------------
function connect() {
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  state.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: state.token }));
  socket.onmessage = (event) => receive(JSON.parse(event.data));
  socket.onclose = () => {
    showLink(false);
    if (state.token) {
      // Reconnect with growing waits; the board is sent whole again on every connect, so nothing is missed.
      const wait = Math.min(10000, 500 * 2 ** state.retry++) * (0.5 + Math.random() / 2);
      setTimeout(connect, wait);
    }
  };
}

window.carecallDropLink = () => state.socket && state.socket.close(); // for tests: a network drop

function receive(message) {
  switch (message.type) {
    case 'ready':
      state.retry = 0;
      showLink(true);
      showSystem(message.system);
      state.alarms = new Map(message.alarms.map((alarm) => [alarm.id, alarm]));
      break;
    case 'alarm.raised':
    case 'alarm.updated':
      if (onBoard(message.alarm)) {
        state.alarms.set(message.alarm.id, message.alarm);
      } else {
        state.alarms.delete(message.alarm.id);
      }
      break;
    case 'system.status':
      showSystem(message.system);
      return;
    case 'error':
      if (message.error === 'session-ended' || message.error === 'unauthenticated') {
        logout();
      }
      return;
    default:
      return;
  }
  render();
}

function onBoard(alarm) {
  return !['RESOLVED', 'CANCELLED'].includes(alarm.state) || (alarm.state === 'CANCELLED' && !alarm.resolvedAt);
}

// The hub's own alarm: while its store fails, calls cannot be stored and staff must fall back on the phone.
function showSystem(system) {
  state.system = system;
  const banner = $('system-alarm');
  const failing = system && !system.storeOk;
  banner.hidden = !failing;
  banner.textContent = failing ? t('storeFailing') + ' (' + (system.problem || '') + ')' : '';
}

function showLink(up) {
  const link = $('link');
  link.className = 'link ' + (up ? 'up' : 'down');
  link.textContent = t(up ? 'connected' : 'disconnected');
  link.dataset.state = up ? 'up' : 'down';
}

// --- the board --------------------------------------------------------------------------------------
function waiting(alarm) {
  return alarm.state === 'RECEIVED' || alarm.state === 'NOTIFIED';
}

function render() {
  const list = $('alarms');
  const alarms = [...state.alarms.values()].sort((a, b) =>
    (waiting(b) - waiting(a)) || (CLASS_ORDER[a.class] - CLASS_ORDER[b.class]) || b.receivedAt.localeCompare(a.receivedAt));
  list.replaceChildren(...alarms.map(card));
  $('count').textContent = alarms.length;
  $('empty').hidden = alarms.length > 0;
  ring();
}

function card(alarm) {
  const item = document.createElement('li');
  const ringing = waiting(alarm) && (alarm.ringingForMe || alarm.ringingEveryone);
  item.className = 'alarm ' + alarm.class.toLowerCase().replace('_', '-') + (ringing ? ' ringing' : '')
    + (waiting(alarm) ? '' : ' taken');
  item.dataset.alarmId = alarm.id;
  item.dataset.state = alarm.state;
  item.dataset.ringing = ringing;
  const resident = alarm.resident || {};
  const title = document.createElement('h3');
  title.textContent = (resident.name || alarm.deviceLabel || alarm.deviceId) + ' · ' + t(alarm.kind);
  const where = document.createElement('div');
  where.className = 'where';
  where.textContent = [resident.address, resident.room && t('room') + ' ' + resident.room,
    resident.areaName].filter(Boolean).join(' · ');
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = [age(alarm.receivedAt), alarm.pressCount > 1 && alarm.pressCount + ' ' + t('presses'),
    t('step') + ' ' + alarm.escalationStep, alarm.acknowledgedBy && t('takenBy') + alarm.acknowledgedBy,
    alarm.state === 'CANCELLED' && t('cancelled'), clockNote(alarm.clockSkewMs)].filter(Boolean).join(' · ');
  meta.dataset.clockSkewMs = alarm.clockSkewMs == null ? '' : alarm.clockSkewMs;
  const actions = document.createElement('div');
  actions.className = 'actions';
  if (waiting(alarm)) {
    actions.append(button(t('coming'), 'danger', 'acknowledge', () => act(alarm, 'acknowledge')));
  }
  if (alarm.state === 'ACKNOWLEDGED' || waiting(alarm)) {
    actions.append(button(t('arrived'), '', 'arrive', () => act(alarm, 'arrive')));
  }
  actions.append(button(alarm.state === 'CANCELLED' ? t('confirm') : t('resolve'), 'primary', 'resolve',
    () => openResolve(alarm)));
  if (resident.id) {
    actions.append(button(t('file'), '', 'file', () => openFile(resident.id)));
  }
  item.append(title, where, meta, actions);
  return item;
}

// A unit whose clock is a minute or more off: the board orders by the hub's time, but staff should know
// that times the unit reports (when pressed, last motion) are off by as much.
function clockNote(skewMs) {
  if (skewMs == null || Math.abs(skewMs) < 60000) {
    return '';
  }
  const minutes = Math.round(Math.abs(skewMs) / 60000);
  const amount = minutes >= 120 ? Math.round(minutes / 60) + ' ' + t('hours') : minutes + ' ' + t('minutes');
  return t(skewMs < 0 ? 'clockBehind' : 'clockAhead').replace('{}', amount);
}

function button(label, kind, action, handler) {
  const node = document.createElement('button');
  node.type = 'button';
  node.className = kind;
  node.dataset.action = action;
  node.textContent = label;
  node.addEventListener('click', handler);
  return node;
}

function age(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return seconds < 120 ? seconds + ' ' + t('seconds') + ' ' + t('ago')
    : Math.round(seconds / 60) + ' ' + t('minutes') + ' ' + t('ago');
}

async function act(alarm, action) {
  try {
    const updated = await api('POST', '/api/alarms/' + alarm.id + '/' + action);
    state.alarms.set(updated.id, updated);
    render();
  } catch (error) {
    alert(error.message);
  }
}

// --- the resident's file ----------------------------------------------------------------------------
async function openFile(residentId) {
  const file = await api('GET', '/api/residents/' + residentId);
  $('file-name').textContent = file.name;
  const details = $('file-details');
  details.replaceChildren();
  [[t('room'), [file.address, file.room].filter(Boolean).join(' · ')], [t('born'), file.dateOfBirth],
    [t('risk'), file.riskLevel], [t('notes'), file.healthNotes]].forEach(([label, value]) => {
    const term = document.createElement('dt');
    term.textContent = label;
    const detail = document.createElement('dd');
    detail.textContent = value || '—';
    details.append(term, detail);
  });
  $('file-contacts').replaceChildren(...(file.emergencyContacts || []).map((contact) => {
    const item = document.createElement('li');
    const phone = document.createElement('a');
    phone.href = 'tel:' + contact.phone;
    phone.textContent = contact.phone;
    item.append(contact.name + (contact.relation ? ' (' + contact.relation + ') ' : ' '), phone);
    return item;
  }));
  $('file').showModal();
}

// --- resolving --------------------------------------------------------------------------------------
function openResolve(alarm) {
  state.resolving = alarm;
  $('resolve-error').textContent = '';
  $('resolve-form').reset();
  $('resolve').showModal();
}

$('resolve-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const updated = await api('POST', '/api/alarms/' + state.resolving.id + '/resolve',
      { outcome: form.get('outcome'), note: form.get('note') });
    if (onBoard(updated)) {
      state.alarms.set(updated.id, updated);
    } else {
      state.alarms.delete(updated.id);
    }
    $('resolve').close();
    render();
  } catch (error) {
    $('resolve-error').textContent = error.message;
  }
});

document.querySelectorAll('[data-close]').forEach((node) =>
  node.addEventListener('click', () => node.closest('dialog').close()));

// --- sound: browsers allow it only after a click, so the console asks for one and shows when it is off ---
$('sound').addEventListener('click', () => {
  if (!state.audio) {
    state.audio = new (window.AudioContext || window.webkitAudioContext)();
  }
  state.audio.resume();
  state.sound = true;
  showSound();
  ring();
});

function showSound() {
  const sound = $('sound');
  sound.className = 'sound ' + (state.sound ? 'on' : 'off');
  sound.textContent = t(state.sound ? 'soundOn' : 'soundOff');
  sound.dataset.state = state.sound ? 'on' : 'off';
}

let ringTimer = null;
function ring() {
  const ringing = [...state.alarms.values()].some((alarm) => waiting(alarm) && (alarm.ringingForMe || alarm.ringingEveryone));
  document.body.dataset.ringing = ringing;
  if (ringing && !ringTimer) {
    ringTimer = setInterval(beep, 1200);
    beep();
  } else if (!ringing && ringTimer) {
    clearInterval(ringTimer);
    ringTimer = null;
  }
}

function beep() {
  if (!state.sound || !state.audio) {
    return;
  }
  const oscillator = state.audio.createOscillator();
  const gain = state.audio.createGain();
  oscillator.frequency.value = 880;
  gain.gain.value = 0.3;
  oscillator.connect(gain).connect(state.audio.destination);
  oscillator.start();
  oscillator.stop(state.audio.currentTime + 0.4);
}

setInterval(render, 15000); // keep "how long ago" fresh

$('lang').addEventListener('click', () => {
  state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('carecall.lang', state.lang);
  translate();
});

translate();
if (state.token) {
  start();
}
