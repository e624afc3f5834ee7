// How the console rings, like a handset: an alarm tone that loops until every call is taken (louder and
// faster as the oldest call ages and climbs), vibration, one system notification per call while the page
// is hidden, the waiting count in the title and icon, and the screen kept on while on duty.
//
// Browsers allow sound only after a tap on the page, so ringing starts with the "start duty" tap; what
// was granted (notifications) and chosen (alerts on) is remembered for the next load.
import { t } from './i18n.js';

const state = {
  audio: null,
  started: false,
  wakeLock: null,
  ringing: [],          // the calls ringing for this console, each {id, title, body, level}
  notified: new Set(),  // calls with a system notification up
  timer: null,
  nextTone: 0,
  nextVibration: 0,
  // Figures for the browser tests and for anyone curious: what the ringer really did.
  figures: { tones: 0, vibrations: 0, notifications: 0, level: 0, period: 0, gain: 0, wakeLock: false,
    notifiedAt: {}, hiddenWhenNotified: {} },
};

// The phone buzzes again every few seconds with the tone, until the call is taken or silenced.
const VIBRATE_EVERY_MS = 3000;

// Level 0 to 3 from a call's age and escalation step: faster and louder as nobody answers.
const PERIOD_S = [1.4, 1.0, 0.7, 0.45];
const GAIN = [0.35, 0.55, 0.8, 1.0];

export function level(alarm) {
  const age = (Date.now() - Date.parse(alarm.receivedAt)) / 1000;
  const byAge = age < 30 ? 0 : age < 90 ? 1 : age < 300 ? 2 : 3;
  const byStep = Math.max(0, Math.min(3, (alarm.escalationStep || 1) - 1));
  return Math.max(byAge, byStep, alarm.unreached ? 3 : 0);
}

export function started() {
  return state.started;
}

export function chosen() {
  return localStorage.getItem('carecall.alerts') === 'on';
}

/** The "start duty" tap: unlocks sound, asks for notifications, keeps the screen on. */
export async function start() {
  if (!state.audio) {
    state.audio = new (window.AudioContext || window.webkitAudioContext)();
  }
  await state.audio.resume().catch(() => {});
  state.started = true;
  localStorage.setItem('carecall.alerts', 'on');
  if ('Notification' in window && Notification.permission === 'default') {
    await Notification.requestPermission().catch(() => {});
  }
  await keepAwake();
  schedule();
}

export function notificationsBlocked() {
  return 'Notification' in window && Notification.permission === 'denied';
}

async function keepAwake() {
  if (!state.started || !('wakeLock' in navigator) || document.visibilityState !== 'visible' || state.wakeLock) {
    return;
  }
  try {
    state.wakeLock = await navigator.wakeLock.request('screen');
    state.figures.wakeLock = true;
    state.wakeLock.addEventListener('release', () => {
      state.wakeLock = null;
      state.figures.wakeLock = false;
    });
  } catch (refused) {
    state.figures.wakeLock = false; // refused while hidden or on battery saver; tried again when visible
  }
}

// A released wake lock (the page was hidden) is taken again as soon as the page is back.
document.addEventListener('visibilitychange', () => {
  keepAwake();
  update(state.ringing);
});

/**
 * The calls that ring for this console now. Starts or stops the tone, vibrates, and while the page is
 * hidden puts up one notification per new call; closes the notification of a call that stopped ringing.
 */
export function update(ringing) {
  keepAwake(); // taken again if the system let it go (a battery saver, say)
  const before = new Set(state.ringing.map((call) => call.id));
  state.ringing = ringing;
  state.figures.level = ringing.reduce((max, call) => Math.max(max, call.level), 0);
  if (ringing.some((call) => !before.has(call.id))) {
    vibrate();
    state.nextVibration = performance.now() + VIBRATE_EVERY_MS;
  }
  if (document.visibilityState === 'hidden') {
    ringing.filter((call) => !state.notified.has(call.id)).forEach(notify);
  }
  [...state.notified].filter((id) => !ringing.some((call) => call.id === id)).forEach(unnotify);
  schedule();
}

function vibrate() {
  if (navigator.vibrate && navigator.vibrate([600, 200, 600, 200, 600])) {
    state.figures.vibrations += 1;
  }
}

async function notify(call) {
  state.notified.add(call.id);
  if (!('Notification' in window) || Notification.permission !== 'granted') {
    return;
  }
  const options = { body: call.body, tag: call.id, requireInteraction: true, renotify: true,
    vibrate: [600, 200, 600], icon: '/console/icon-192.png', badge: '/console/icon-192.png', data: { alarmId: call.id } };
  try {
    // Through the service worker: phones allow notifications only from there, and tapping one opens the call.
    const registration = await navigator.serviceWorker.ready;
    await registration.showNotification(call.title, options);
  } catch (failed) {
    new Notification(call.title, options); // no service worker (an old browser): a page notification
  }
  state.figures.notifications += 1;
  state.figures.notifiedAt[call.id] = Date.now();
  state.figures.hiddenWhenNotified[call.id] = document.visibilityState === 'hidden';
  // A notification on the screen is how a person sees a call on a phone in a pocket: it counts as shown.
  window.dispatchEvent(new CustomEvent('carecall:notified', { detail: call.id }));
}

async function unnotify(id) {
  state.notified.delete(id);
  if ('serviceWorker' in navigator && navigator.serviceWorker.controller) {
    const registration = await navigator.serviceWorker.ready;
    (await registration.getNotifications({ tag: id })).forEach((shown) => shown.close());
  }
}

// The tone is scheduled ahead on the audio clock, so a busy or throttled page still rings on time.
function schedule() {
  const ringing = state.ringing.length > 0 && state.started && state.audio;
  if (!ringing) {
    if (state.timer && navigator.vibrate) {
      navigator.vibrate(0); // taken or silenced: the buzzing stops with the tone
    }
    clearInterval(state.timer);
    state.timer = null;
    state.figures.period = 0;
    return;
  }
  if (!state.timer) {
    state.nextTone = state.audio.currentTime;
    state.timer = setInterval(scheduleAhead, 250);
  }
  scheduleAhead();
}

function scheduleAhead() {
  const lvl = state.figures.level;
  state.figures.period = PERIOD_S[lvl];
  state.figures.gain = GAIN[lvl];
  while (state.nextTone < state.audio.currentTime + 2) {
    tone(state.nextTone, GAIN[lvl]);
    state.nextTone = Math.max(state.nextTone, state.audio.currentTime) + PERIOD_S[lvl];
  }
  if (performance.now() >= state.nextVibration) {
    state.nextVibration = performance.now() + VIBRATE_EVERY_MS;
    vibrate();
  }
}

// Two quick notes, high then low, like a nurse-call handset: heard over a television, hard to sleep through.
function tone(at, gain) {
  [[988, 0], [784, 0.18]].forEach(([frequency, offset]) => {
    const oscillator = state.audio.createOscillator();
    const envelope = state.audio.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    envelope.gain.setValueAtTime(0, at + offset);
    envelope.gain.linearRampToValueAtTime(gain * 0.5, at + offset + 0.01);
    envelope.gain.setValueAtTime(gain * 0.5, at + offset + 0.15);
    envelope.gain.linearRampToValueAtTime(0, at + offset + 0.17);
    oscillator.connect(envelope).connect(state.audio.destination);
    oscillator.start(at + offset);
    oscillator.stop(at + offset + 0.18);
  });
  state.figures.tones += 1;
}

/** The title and icon show how many calls wait, so a glance at a tab or the home screen tells. */
export function showCount(waiting) {
  document.title = (waiting > 0 ? '(' + waiting + ') ' : '') + t('appName');
  document.body.dataset.waiting = waiting;
  const icon = document.getElementById('icon');
  icon.href = waiting > 0 ? badgeIcon(waiting) : '/console/icon-192.png';
  if (navigator.setAppBadge) {
    (waiting > 0 ? navigator.setAppBadge(waiting) : navigator.clearAppBadge()).catch(() => {});
  }
}

function badgeIcon(count) {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const draw = canvas.getContext('2d');
  draw.fillStyle = '#b00020';
  draw.beginPath();
  draw.arc(32, 32, 31, 0, 2 * Math.PI);
  draw.fill();
  draw.fillStyle = '#fff';
  draw.font = 'bold 40px sans-serif';
  draw.textAlign = 'center';
  draw.textBaseline = 'middle';
  draw.fillText(count > 9 ? '9+' : String(count), 32, 35);
  return canvas.toDataURL('image/png');
}

window.carecallRinger = state.figures;
