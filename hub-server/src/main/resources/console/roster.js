// Who is on duty now, going on and off duty, and the shifts.
import { api } from './api.js';
import { $, el, notice } from './dom.js';
import { t } from './i18n.js';

export async function load() {
  let duty;
  let shifts;
  try {
    [duty, shifts] = await Promise.all([api('GET', '/api/duty'), api('GET', '/api/shifts')]);
  } catch (error) {
    notice(error.message);
    return;
  }
  $('duty-list').replaceChildren(...(duty.length ? duty : [null]).map((member) => {
    const item = el('li', '', member ? member.displayName + ' · ' + t(member.role) : t('nobodyOnDuty'));
    if (member) {
      item.dataset.username = member.username;
    }
    return item;
  }));
  $('shift-list').replaceChildren(...shifts.map((shift) => el('li', '',
    [t(shift.kind), shift.weekday ? t(shift.weekday) : shift.onDate, shift.starts + '–' + shift.ends].join(' · '))));
}

export async function setDuty(onDuty) {
  try {
    await api('POST', '/api/duty', { onDuty });
  } catch (error) {
    notice(error.message);
  }
  load();
}
