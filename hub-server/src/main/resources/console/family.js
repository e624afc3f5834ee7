// The family's messages in the console: in her file, what was sent to whom, on which channel, when, and
// whether it was delivered (a failed delivery in red); on a supervisor's Today, the messages given up, so
// that someone phones the family instead.
import { api, session } from './api.js';
import { $, el } from './dom.js';
import { t, when } from './i18n.js';

function failed(message) {
  return message.delivery === 'GIVEN_UP' || (message.delivery === 'PENDING' && Boolean(message.lastError));
}

function delivery(message) {
  if (message.delivery === 'DELIVERED') {
    return t('delivery_DELIVERED', message.deliveredAt ? when(new Date(message.deliveredAt).toISOString()) : '');
  }
  if (message.delivery === 'PENDING' && message.lastError) {
    return t('deliveryRetrying', message.attempts);
  }
  return t('delivery_' + message.delivery);
}

function row(message, withResident) {
  const li = el('li', 'family-message' + (failed(message) ? ' family-failed' : ''));
  li.dataset.messageId = message.id;
  li.dataset.delivery = message.delivery;
  li.append(el('span', 'family-what', [withResident ? message.residentName : '',
    when(new Date(message.createdAt).toISOString()), t('familyKind_' + message.kind),
    message.to + (message.relation ? ' (' + message.relation + ')' : ''), t('channel_' + message.channel)]
    .filter(Boolean).join(' · ')));
  li.append(el('span', 'family-delivery', delivery(message)));
  if (failed(message) && message.lastError) {
    li.append(el('span', 'family-error', message.lastError));
  }
  return li;
}

/** Her file's list; hidden for those the hub does not let see it. */
export async function showInFile(residentId) {
  const section = $('file-family');
  section.hidden = true;
  let messages;
  try {
    messages = await api('GET', '/api/residents/' + residentId + '/family-messages?limit=20');
  } catch (refused) {
    return;
  }
  $('file-family-messages').replaceChildren(...(messages.length ? messages.map((message) => row(message, false))
    : [el('li', '', t('noFamilyMessages'))]));
  section.hidden = false;
}

/** Today's list of messages given up, for supervisors and administrators; hidden when there are none. */
export async function showGivenUp() {
  const section = $('today-family');
  if (!session.staff || !['SUPERVISOR', 'ADMIN'].includes(session.staff.role)) {
    section.hidden = true;
    return;
  }
  let messages;
  try {
    messages = await api('GET', '/api/family-messages/given-up');
  } catch (refused) {
    section.hidden = true;
    return;
  }
  $('today-family-given-up').replaceChildren(...messages.map((message) => row(message, true)));
  section.hidden = messages.length === 0;
}
