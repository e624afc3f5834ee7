// Past calls, each with its timeline told in words: who did what, when.
import { api } from './api.js';
import { $, el, button, notice } from './dom.js';
import { t, has, when } from './i18n.js';

export async function load() {
  let page;
  try {
    page = await api('GET', '/api/alarms?state=all&limit=100');
  } catch (error) {
    notice(error.message);
    return;
  }
  $('history-list').replaceChildren(...page.items.map((alarm) => {
    const item = el('li');
    item.dataset.alarmId = alarm.id;
    const outcome = alarm.outcome && (has('outcome_' + alarm.outcome) ? t('outcome_' + alarm.outcome) : alarm.outcome);
    item.append(button([when(alarm.receivedAt), (alarm.resident || {}).name || alarm.deviceLabel || alarm.deviceId,
      t(alarm.kind), t(alarm.state), outcome].filter(Boolean).join(' · '), '', 'timeline', () => timeline(alarm.id)));
    return item;
  }));
}

async function timeline(id) {
  const alarm = await fetchCall(id);
  if (alarm) {
    $('timeline-title').textContent = ((alarm.resident || {}).name || alarm.deviceId) + ' · ' + t(alarm.kind);
    $('timeline-rows').replaceChildren(...story(alarm));
    $('timeline').hidden = false;
  }
}

/** A call with its timeline, or null after saying why it could not be read. */
export async function fetchCall(id) {
  try {
    return await api('GET', '/api/alarms/' + id);
  } catch (error) {
    notice(error.message);
    return null;
  }
}

/** A call's timeline as list items, each one sentence, saying at each step why the call climbed. */
export function story(alarm) {
  let previous = null; // the step before, to say why the call climbed
  return alarm.timeline.map((row) => {
    const item = el('li', '', when(row.at) + ' · ' + sentence(row, previous));
    item.dataset.action = row.action;
    if (row.action === 'ESCALATION') {
      previous = parse(row.note) || previous;
    }
    return item;
  });
}

/** One row of a call's story in the console's language. */
export function sentence(row, previous) {
  const who = row.who || t('by_' + row.by);
  switch (row.action) {
    case 'ESCALATION': return step(row.note, previous);
    case 'NOTIFIED': return row.by === 'outside' ? t('row_NOTIFIED_outside') : t('row_NOTIFIED', who);
    case 'RESOLVED':
    case 'CONFIRMED': return t('row_' + row.action, who) + closing(row.note);
    case 'NOBODY_ON_SITE': return t('row_NOBODY_ON_SITE', row.note || '—');
    default: return has('row_' + row.action) ? t('row_' + row.action, who) : [row.action, row.note].filter(Boolean).join(' · ');
  }
}

// "HELPED: helped up" is stored as the outcome, then the note the worker wrote.
function closing(note) {
  if (!note) {
    return '';
  }
  const split = note.indexOf(': ');
  const outcome = split > 0 ? note.slice(0, split) : '';
  const text = split > 0 ? note.slice(split + 2) : note;
  return ' · ' + (has('outcome_' + outcome) ? t('outcome_' + outcome) + ' · ' : '') + text;
}

function parse(note) {
  try {
    return JSON.parse(note);
  } catch (notData) {
    return null;
  }
}

function step(note, previous) {
  const data = parse(note);
  if (!data) {
    return note; // written by an older hub, in English
  }
  const audiences = (data.audiences || []).map((audience) => t(audience)).join(t('listSep'));
  const head = t('row_step', { step: data.step, audiences });
  if (data.reachedNobody) {
    // nobody-on-duty, no-console, not-seen
    return head + t('colon') + t('row_nobody_' + data.reachedNobody.replace('nobody-', '').replaceAll('-', '_'))
      + because(data, previous);
  }
  const rang = [...(data.everyone ? [t('row_everyone')] : []), ...(data.rang || []), ...(data.outside ? [t('row_outsideToo')] : [])];
  return head + t('colon') + t('row_rang', rang.join(t('listSep')) || '—') + because(data, previous);
}

// Why a call climbed to this step: the step before reached nobody, or nobody took it in the policy's time.
function because(data, previous) {
  if (data.step <= 1) {
    return '';
  }
  if (previous && previous.reachedNobody && previous.step === data.step - 1) {
    return t('row_because_nobody', previous.step);
  }
  return data.afterS ? t('row_because_time', data.afterS) : '';
}
