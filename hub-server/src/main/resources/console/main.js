// CareCall duty console: logging in, the "start duty" tap, the tabs a role may use, and the live link.
// Plain JavaScript modules, no build step; each screen is a module of its own.
import { api, remember, session } from './api.js';
import * as audit from './audit.js';
import * as board from './board.js';
import * as devices from './devices.js';
import { $ } from './dom.js';
import * as history from './history.js';
import { t, translatePage, switchLanguage } from './i18n.js';
import * as live from './live.js';
import * as policies from './policies.js';
import * as reports from './reports.js';
import * as residents from './residents.js';
import * as ringer from './ringer.js';
import * as roster from './roster.js';
import * as staff from './staff.js';
import * as today from './today.js';
import * as orders from './orders.js';

/** Which tabs each role sees: only what it may use (the hub refuses the rest anyway). */
const TABS = {
  DUTY: ['board', 'today', 'orders', 'history', 'residents', 'roster'],
  SUPERVISOR: ['board', 'today', 'orders', 'history', 'residents', 'devices', 'roster', 'staff', 'policies', 'reports'],
  TECHNICIAN: ['board', 'history', 'residents', 'devices', 'roster'],
  ADMIN: ['board', 'today', 'orders', 'history', 'residents', 'devices', 'roster', 'staff', 'policies', 'reports', 'audit'],
};
const COMMANDS = ['TECHNICIAN', 'ADMIN'];
const ON_DUTY = ['DUTY', 'SUPERVISOR', 'TECHNICIAN'];
const OFFLINE_AFTER_MS = 3000;

const ui = { page: 'board', system: null, offlineTimer: null, guessingTimer: null };

// --- logging in -------------------------------------------------------------------------------------
$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const answer = await api('POST', '/api/session', { username: form.get('username'), password: form.get('password') });
    remember(answer.token, answer.staff);
    $('login-error').textContent = '';
    event.target.reset();
    if (answer.mustChangePassword) {
      askForOwnPassword();
      return;
    }
    start();
  } catch (error) {
    $('login-error').textContent = error.message;
    $('login-error').dataset.code = error.code;
  }
});

$('change-password').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    await api('POST', '/api/me/password', { current: form.get('current'), new: form.get('new') });
    event.target.reset();
    $('change-password').hidden = true;
    $('change-error').textContent = '';
    start();
  } catch (error) {
    const field = (error.fields && error.fields.new) || {};
    $('change-error').textContent = field.code === 'common' ? t('err_commonPassword')
      : field.code === 'short' ? t('err_shortPassword')
        : error.code === 'invalid' ? t('err_samePassword') : error.message;
    $('change-error').dataset.code = field.code || error.code;
  }
});

// A generated or reset password opens one session that may only choose a new password: that form, and
// nothing else, until it is done.
function askForOwnPassword() {
  delete document.documentElement.dataset.session; // not the board's frame after all
  $('login').hidden = true;
  $('change-password').hidden = false;
}

$('logout-everywhere').addEventListener('click', async () => {
  if (!window.confirm(t('logoutEverywhereAsk'))) {
    return;
  }
  await api('DELETE', '/api/me/sessions').catch(() => {});
  logout();
});

$('logout').addEventListener('click', () => {
  api('DELETE', '/api/session').catch(() => {});
  logout();
});

session.onEnded = sessionEnded;

/**
 * The hub ended this login (its absolute limit, a password change, log out everywhere): said in words, and
 * the calls already on screen stay there and keep ringing until the person logs in again, which brings the
 * board back whole. Only the person's own "log out" clears the screen.
 */
function sessionEnded() {
  if (!session.token) {
    return;
  }
  remember(null, null);
  delete document.documentElement.dataset.session;
  live.disconnect();
  clearInterval(ui.guessingTimer);
  $('session-ending').hidden = true;
  $('session-ended').hidden = false;
  $('session-ended').textContent = t('sessionEnded');
  $('tabs').hidden = true;
  $('logout').hidden = true;
  $('logout-everywhere').hidden = true;
  $('login').hidden = false;
  show('board');
  $('login').scrollIntoView({ block: 'start' });
}

// Minutes before the login's absolute limit: a warning in words, on every ping until the person logs in again.
function sessionEnding(minutesLeft) {
  $('session-ending').hidden = false;
  $('session-ending').textContent = t('sessionEnding', minutesLeft);
}

$('session-ending').addEventListener('click', () => {
  api('DELETE', '/api/session').catch(() => {});
  sessionEnded(); // the board stays and rings on while the person logs in afresh
});

function logout() {
  delete document.documentElement.dataset.session;
  $('session-ended').hidden = true;
  $('session-ending').hidden = true;
  remember(null, null);
  live.disconnect();
  clearInterval(ui.guessingTimer);
  audit.showGuessing(null);
  board.clear();
  document.body.dataset.role = '';
  document.querySelectorAll('.page').forEach((section) => { section.hidden = true; });
  $('tabs').hidden = true;
  $('link').hidden = true; // before a login there is no link to speak of
  $('logout').hidden = true;
  $('logout-everywhere').hidden = true;
  $('alerts').hidden = true;
  $('start-duty').hidden = true;
  $('offline').hidden = true;
  $('change-password').hidden = true;
  $('login').hidden = false;
}

function start() {
  const role = session.staff.role;
  delete document.documentElement.dataset.session; // from here the page's own state decides what shows
  $('session-ended').hidden = true;
  $('session-ending').hidden = true;
  document.body.dataset.role = role;
  $('login').hidden = true;
  $('tabs').hidden = false;
  $('link').hidden = false;
  $('logout').hidden = false;
  $('logout-everywhere').hidden = false;
  $('alerts').hidden = false;
  document.querySelectorAll('[data-tab]').forEach((tab) => { tab.hidden = !TABS[role].includes(tab.dataset.tab); });
  // Buttons and forms only some roles may use (data-roles="SUPERVISOR ADMIN") are not shown to the rest.
  document.querySelectorAll('[data-roles]').forEach((node) => { node.hidden = !node.dataset.roles.split(' ').includes(role); });
  // Only the district's administrator (an administrator of no one community) adds communities.
  $('site-form').hidden = role !== 'ADMIN' || Boolean(session.staff.siteId);
  $('duty-buttons').hidden = !ON_DUTY.includes(role);
  $('start-duty').hidden = ringer.started();
  showAlerts();
  show('board');
  live.connect({ message: receive, link: showLink });
  if (COMMANDS.includes(role)) {
    ui.guessingTimer = audit.watchGuessing();
  }
  today.send(); // visits recorded offline before a reload or a new login go now
}

// --- the start-duty tap: browsers allow sound only after one ------------------------------------------
async function startAlerts() {
  await ringer.start();
  $('start-duty').hidden = true;
  showAlerts();
  board.render();
}
$('start-button').addEventListener('click', startAlerts);
$('alerts').addEventListener('click', () => {
  if (!ringer.started()) {
    startAlerts();
  }
});

function showAlerts() {
  const on = ringer.started();
  $('alerts').textContent = t(on ? 'alertsOn' : 'alertsOff');
  $('alerts').className = 'alerts ' + (on ? 'on' : 'off');
  $('alerts').dataset.state = on ? 'on' : 'off';
  $('start-button').textContent = t(ringer.chosen() ? 'resumeButton' : 'startButton');
  $('notifications-blocked').hidden = !ringer.notificationsBlocked();
}

// --- pages ------------------------------------------------------------------------------------------
document.querySelectorAll('[data-tab]').forEach((tab) => tab.addEventListener('click', () => show(tab.dataset.tab)));

function show(page) {
  ui.page = page;
  document.querySelectorAll('.page').forEach((section) => { section.hidden = section.id !== page; });
  document.querySelectorAll('[data-tab]').forEach((tab) => tab.classList.toggle('active', tab.dataset.tab === page));
  const role = session.staff.role;
  ({
    today: today.load,
    orders: orders.load,
    history: history.load,
    residents: residents.load,
    devices: () => devices.load(COMMANDS.includes(role)),
    roster: roster.load,
    staff: staff.load,
    policies: policies.load,
    reports: reports.load,
    audit: audit.load,
  }[page] || (() => {}))();
}

$('go-on').addEventListener('click', () => roster.setDuty(true));
$('go-off').addEventListener('click', () => roster.setDuty(false));

document.querySelectorAll('[data-close]').forEach((node) =>
  node.addEventListener('click', () => node.closest('dialog').close()));

// --- the live stream --------------------------------------------------------------------------------
function receive(message) {
  switch (message.type) {
    case 'ready':
      showSystem(message.system);
      board.replace(message.alarms);
      break;
    case 'alarm.raised':
    case 'alarm.updated':
      board.apply(message.alarm);
      break;
    case 'system.status':
      showSystem(message.system);
      break;
    case 'session.ending':
      sessionEnding(message.minutesLeft);
      break;
    case 'error':
      if (message.error === 'session-ended' || message.error === 'unauthenticated') {
        sessionEnded();
      }
      break;
    default:
      break;
  }
}

function showLink(up) {
  const link = $('link');
  link.className = 'link ' + (up ? 'up' : 'down');
  link.textContent = t(up ? 'connected' : 'disconnected');
  link.dataset.state = up ? 'up' : 'down';
  clearTimeout(ui.offlineTimer);
  if (up) {
    $('offline').hidden = true;
  } else if (session.token) {
    // A blink of the link is not worth an alarm; a link that stays down is.
    ui.offlineTimer = setTimeout(() => { $('offline').hidden = live.linkUp(); }, OFFLINE_AFTER_MS);
  }
}
window.addEventListener('offline', () => session.token && ($('offline').hidden = false));

// The hub's own alarm: while its store fails, calls cannot be stored and staff must fall back on the phone.
function showSystem(system) {
  ui.system = system;
  const failing = system && !system.storeOk;
  $('system-alarm').hidden = !failing;
  $('system-alarm').textContent = failing ? t('storeFailing') + ' (' + (system.problem || '') + ')' : '';
}

// --- the app shell: installable, and a tapped notification opens its call ------------------------------
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {});
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data && event.data.open) {
      show('board');
      board.focus(event.data.open);
    }
  });
}

function translate() {
  translatePage();
  $('lang').textContent = t('lang');
  showLink(live.linkUp());
  showAlerts();
  showSystem(ui.system);
  board.render();
  if (session.token) {
    show(ui.page);
  }
}

$('lang').addEventListener('click', () => {
  switchLanguage();
  translate();
});

translate();

// The community CA phones install, and its fingerprint to compare with the one the hub printed.
api('GET', '/api/tls').then((tls) => { $('ca-fingerprint').textContent = tls.fingerprint; }).catch(() => {
  $('community-ca').hidden = true;
});
if (session.token && session.staff) {
  // A reloaded page may hold a one-time session: it still may only choose a password.
  api('GET', '/api/me').then((me) => (me.mustChangePassword ? askForOwnPassword() : resume()))
    .catch(() => session.token && resume());
}

function resume() {
  start();
  const opened = new URLSearchParams(location.hash.slice(1)).get('call');
  if (opened) {
    setTimeout(() => board.focus(opened), 500);
  }
}
