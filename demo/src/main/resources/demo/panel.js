// The demo's simulator panel: each simulated unit with its lamps as the resident sees them, and its
// inputs to press, pull or trip. Served by the demo only; a real hub's console never loads it.
import { api, session } from '/console/api.js';
import { button, el, notice } from '/console/dom.js';
import { t, lang } from '/console/i18n.js';

const WORDS = {
  'zh-CN': { panelTitle: '模拟设备（演示）', 'call-button': '呼叫按钮', 'pull-cord': '拉绳', 'cancel-button': '取消（长按）',
    smoke: '烟雾', door: '开门', motion: '走动', 'power-fail': '停电', tamper: '拆机', red: '红灯', amber: '黄灯', green: '绿灯' },
  en: { panelTitle: 'Simulated units (demo)', 'call-button': 'Call button', 'pull-cord': 'Pull cord',
    'cancel-button': 'Cancel (hold)', smoke: 'Smoke', door: 'Door', motion: 'Motion', 'power-fail': 'Power cut',
    tamper: 'Tamper', red: 'red', amber: 'amber', green: 'green' },
};
const INPUTS = ['call-button', 'pull-cord', 'cancel-button', 'smoke', 'door', 'motion', 'power-fail', 'tamper'];
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

async function refresh() {
  if (!session.token) {
    panel.hidden = true;
    return;
  }
  let list;
  try {
    list = await api('GET', '/api/demo/units');
  } catch (error) {
    return;
  }
  title.textContent = word('panelTitle');
  units.replaceChildren(...list.map(unitCard));
  panel.hidden = false;
}

function unitCard(unit) {
  const item = el('li', 'unit');
  item.dataset.unitId = unit.id;
  item.dataset.phase = unit.phase;
  const lamps = el('div', 'lamps');
  ['red', 'amber', 'green'].forEach((colour) => {
    const lamp = el('span', 'lamp ' + colour);
    lamp.dataset.lamp = colour;
    lamp.dataset.mode = unit.lamps[colour];
    lamp.title = word(colour);
    lamps.append(lamp);
  });
  const inputs = el('div', 'inputs');
  INPUTS.forEach((input) => inputs.append(button(word(input), input === 'call-button' ? 'danger' : '', input,
    () => api('POST', '/api/demo/units/' + unit.id + '/' + input).catch((error) => notice(error.message)))));
  item.append(el('h3', '', unit.resident + ' · ' + unit.id), lamps, inputs);
  return item;
}

setInterval(refresh, 700);
refresh();
