// The audit log for administrators: every change made through the API, newest first, filtered by person,
// unit and days; and the refused attempts of the last hour, counted per minute, reason and source.
// For technicians and administrators alike, a notice while someone is guessing secrets or passwords.
import { api } from './api.js';
import { $, cell, el } from './dom.js';
import { clearErrors, showErrors, values } from './forms.js';
import { t, when } from './i18n.js';

const PAGE = 200;

/** The newest entries that pass the form's filter; with {@code before} (an entry's seq), the page after it. */
export async function load(before) {
  const form = $('audit-form');
  const query = new URLSearchParams(values(form, ['actor', 'deviceId', 'from', 'to']));
  query.set('limit', String(PAGE));
  query.set('zone', Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai');
  if (before) {
    query.set('before', String(before));
  }
  let page;
  try {
    page = await api('GET', '/api/audit?' + query);
  } catch (error) {
    showErrors(form, error);
    return;
  }
  clearErrors(form);
  const entries = page.items || page;
  const rows = entries.map((entry) => {
    const row = el('tr');
    row.dataset.event = entry.event;
    row.dataset.seq = entry.seq;
    row.append(cell(when(entry.at), t('when')), cell(eventWords(entry.event), t('event')), cell(entry.actor, t('person')),
      cell(entry.deviceId, t('unit')), cell(address(entry.remote), t('from')), cell(entry.reason, t('detail')));
    return row;
  });
  if (before) {
    $('audit-rows').append(...rows);
  } else {
    $('audit-rows').replaceChildren(...(rows.length ? rows : [el('tr')]));
    if (!rows.length) {
      $('audit-rows').firstChild.append(cell(t('nothingFound')));
    }
    loadRefusals();
  }
  // A full page may have more behind it: "Older" asks for the rows before its last one.
  const older = $('audit-older');
  older.hidden = entries.length < PAGE;
  older.dataset.before = entries.length ? entries[entries.length - 1].seq : '';
}

/** An event's code in the console's language ("login.failed": "wrong password"), the code on hover. */
function eventWords(code) {
  const words = code ? t('event_' + code) : '';
  return words === 'event_' + code ? code.replace(/[._-]/g, ' ') : words;
}

/** Where a request came from, as an address a person reads: no leading slash, no socket port. */
function address(remote) {
  if (!remote) {
    return remote;
  }
  const plain = remote.replace(/^\//, '');
  const bracketed = plain.match(/^\[([^\]]+)\]:\d+$/);
  if (bracketed) {
    return bracketed[1];
  }
  return (plain.match(/:/g) || []).length === 1 ? plain.replace(/:\d+$/, '') : plain;
}

/** The refusals of the last hour under the audit log. */
async function loadRefusals() {
  let summary;
  try {
    summary = await api('GET', '/api/refusals?minutes=60');
  } catch (error) {
    return;
  }
  $('refusals-rows').replaceChildren(...(summary.counts.length ? summary.counts.map((count) => {
    const row = el('tr');
    row.dataset.reason = count.reason;
    row.append(cell(when(count.minute), t('when')), cell(eventWords(count.reason), t('event')), cell(address(count.source), t('from')),
      cell(count.subject, t('subject')), cell(String(count.count), t('count')), cell(count.detail, t('detail')));
    return row;
  }) : [el('tr')]));
  if (!summary.counts.length) {
    $('refusals-rows').firstChild.append(cell(t('nothingFound')));
  }
  showGuessing(summary);
}

/** The notice: shown while the hub counts a burst of guesses, with the addresses they come from. */
export function showGuessing(summary) {
  const notice = $('guessing');
  notice.hidden = !summary || !summary.burst;
  notice.textContent = notice.hidden ? '' : t('guessing', summary.guesses, summary.guessingSources.join(', '));
}

/** Asks the hub now and every minute whether someone is guessing; stops when the person logs out. */
export function watchGuessing() {
  const check = () => api('GET', '/api/refusals?minutes=15').then(showGuessing, () => {});
  check();
  return setInterval(check, 60_000);
}

$('audit-older').addEventListener('click', () => load($('audit-older').dataset.before));

$('audit-form').addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
