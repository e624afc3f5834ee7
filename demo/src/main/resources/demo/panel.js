// The demo's simulator panel: each simulated unit with its lamps and buzzer as the resident sees them,
// its voice played here with the unit's own clips, and its inputs to press, pull or trip. It updates
// live from the hub's pushes on the console's link. Served by the demo only; a real console never loads it.
import { api, session } from '/console/api.js';
import { button, el, notice } from '/console/dom.js';
import { t, lang } from '/console/i18n.js';

const WORDS = {
  'zh-CN': { panelTitle: '模拟设备（演示）', 'call-button': '呼叫按钮', 'pull-cord': '拉绳', 'cancel-button': '取消（长按）',
    smoke: '烟雾', door: '夜间开门', motion: '走动', 'power-fail': '停电（1.5秒后来电）', tamper: '拆机', red: '红灯', amber: '黄灯',
    green: '绿灯', buzzer: '蜂鸣器', says: '语音：', 'no-motion': '一天无人走动', 'check-in-key': '平安键（绿）',
    'service-key': '服务键' },
  en: { panelTitle: 'Simulated units (demo)', 'call-button': 'Call button', 'pull-cord': 'Pull cord',
    'cancel-button': 'Cancel (hold)', smoke: 'Smoke', door: 'Door at night', motion: 'Motion',
    'power-fail': 'Power cut (back after 1.5 s)', tamper: 'Tamper', red: 'red', amber: 'amber', green: 'green',
    buzzer: 'buzzer', says: 'says: ', 'no-motion': 'No motion for a day', 'check-in-key': 'Green 平安 key (I am fine)',
    'service-key': 'Service key' },
};
const INPUTS = ['call-button', 'pull-cord', 'cancel-button', 'check-in-key', 'service-key', 'smoke', 'door', 'motion',
  'no-motion', 'power-fail', 'tamper'];
/** The keys look as they do on the unit: the red call button, the green 平安 key, the blue service key. */
const KEY_LOOK = { 'call-button': 'danger', 'check-in-key': 'checkin', 'service-key': 'service' };
const word = (key) => WORDS[lang.current][key] || t(key);

const panel = el('section');
panel.id = 'panel';
panel.hidden = true;
const title = el('h2');
const units = el('ol', 'units');
units.id = 'units';
panel.append(title, units);
document.querySelector('main').append(panel);
const style = document.createElement('link');
style.rel = 'stylesheet';
style.href = '/demo/panel.css';
document.head.append(style);

const heard = new Map(); // unit id -> how many prompts it had spoken when last drawn
const played = [];        // every prompt played here, for the demo's browser test
window.carecallPanelPlayed = played;

async function load() {
  if (!session.token) {
    panel.hidden = true;
    return;
  }
  try {
    draw(await api('GET', '/api/demo/units'));
  } catch (error) {
    // not logged in yet, or the demo is still starting: the next push draws it
  }
}

function draw(list) {
  title.textContent = word('panelTitle');
  units.replaceChildren(...list.map(unitCard));
  panel.hidden = false;
  list.forEach(speak);
}

// The unit said something new: say it here too, with the same clips, one after another.
function speak(unit) {
  const before = heard.get(unit.id);
  const spoken = unit.spoken || [];
  const newest = spoken.length ? spoken[spoken.length - 1].n : 0;
  heard.set(unit.id, Math.max(before || 0, newest));
  if (before === undefined) {
    return; // what it said before this page opened is not replayed
  }
  spoken.filter((prompt) => prompt.n > before).forEach((prompt) => {
    const clip = prompt.language + '/' + prompt.clip;
    played.push(unit.id + ' ' + clip);
    queue.push(clip);
  });
  playNext();
}

const queue = [];
let speaking = false;
function playNext() {
  if (speaking || queue.length === 0) {
    return;
  }
  speaking = true;
  const audio = new Audio('/demo/clips/' + queue.shift() + '.wav');
  const done = () => { speaking = false; playNext(); };
  audio.addEventListener('ended', done);
  audio.addEventListener('error', done);
  audio.play().catch(done); // silent until the start-duty tap allows sound
}

function unitCard(unit) {
  const item = el('li', 'unit');
  item.dataset.unitId = unit.id;
  item.dataset.phase = unit.phase;
  const lamps = el('div', 'lamps');
  ['red', 'amber', 'green', 'buzzer'].forEach((colour) => {
    const lamp = el('span', 'lamp ' + colour);
    lamp.dataset.lamp = colour;
    lamp.dataset.mode = unit.lamps[colour];
    lamp.title = word(colour);
    lamps.append(lamp);
  });
  const inputs = el('div', 'inputs');
  INPUTS.forEach((input) => inputs.append(button(word(input), KEY_LOOK[input] || '', input,
    () => api('POST', '/api/demo/units/' + unit.id + '/' + input).catch((error) => notice(error.message)))));
  const last = (unit.spoken || []).slice(-1)[0];
  const saying = el('div', 'saying', last ? word('says') + (last.words || last.clip) : '');
  item.append(el('h3', '', unit.resident + ' · ' + unit.id), lamps, saying, inputs);
  return item;
}

window.addEventListener('carecall:live', (event) => {
  if (event.detail.type === 'demo.units') {
    draw(event.detail.units);
  } else if (event.detail.type === 'ready') {
    load();
  }
});
load();
