// The audit log for administrators: every refused login, wrong secret and change made through the API,
// newest first, filtered by person, unit and days.
import { api } from './api.js';
import { $, cell, el } from './dom.js';
import { clearErrors, showErrors, values } from './forms.js';
import { t, when } from './i18n.js';

export async function load() {
  const form = $('audit-form');
  const query = new URLSearchParams(values(form, ['actor', 'deviceId', 'from', 'to']));
  query.set('limit', '200');
  query.set('zone', Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai');
  let page;
  try {
    page = await api('GET', '/api/audit?' + query);
  } catch (error) {
    showErrors(form, error);
    return;
  }
  clearErrors(form);
  const entries = page.items || page;
  $('audit-rows').replaceChildren(...(entries.length ? entries.map((entry) => {
    const row = el('tr');
    row.dataset.event = entry.event;
    row.append(cell(when(entry.at), t('when')), cell(entry.event, t('event')), cell(entry.actor, t('person')),
      cell(entry.deviceId, t('unit')), cell(entry.remote && entry.remote.replace(/^\//, ''), t('from')), cell(entry.reason, t('detail')));
    return row;
  }) : [el('tr')]));
  if (!entries.length) {
    $('audit-rows').firstChild.append(cell(t('nothingFound')));
  }
}

$('audit-form').addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
