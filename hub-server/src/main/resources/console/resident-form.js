// Creating and editing a resident's file. The first language is the one her unit speaks; contacts are
// kept in the order staff should phone them; a family member may want news of her, with her consent. The hub checks every field and stores nothing if one is
// wrong; each refusal appears under its field.
import { api } from './api.js';
import { $, button, el, notice } from './dom.js';
import { fillSelect, send, values } from './forms.js';
import { t } from './i18n.js';

export const LANGUAGES = ['zh-CN', 'en', 'yue', 'wuu', 'nan'];
const TEXT_FIELDS = ['name', 'nameLatin', 'areaId', 'address', 'room', 'phone', 'dateOfBirth', 'mobility',
  'healthNotes', 'medicines', 'riskLevel'];
const form = $('resident-form');
let saved = () => {};

/** Opens the editor on a file (or on a new one when file is null); onSaved gets the stored file. */
export async function edit(file, onSaved) {
  let grids;
  try {
    grids = await api('GET', '/api/areas');
  } catch (error) {
    notice(error.message);
    return;
  }
  saved = onSaved;
  form.reset();
  form.querySelectorAll('.field-error').forEach((node) => node.remove());
  form.querySelector('.form-error').textContent = '';
  fillSelect(form.elements.areaId, grids, (grid) => grid.id, (grid) => grid.name, t('chooseGrid'));
  fillSelect(form.elements.language, LANGUAGES, (code) => code, (code) => t('lang_' + code));
  const current = file || { riskLevel: 'MEDIUM', languages: ['zh-CN'], emergencyContacts: [] };
  form.elements.id.value = current.id || '';
  TEXT_FIELDS.forEach((name) => { form.elements[name].value = current[name] || ''; });
  form.elements.riskLevel.value = current.riskLevel || 'MEDIUM';
  const languages = current.languages && current.languages.length ? current.languages : ['zh-CN'];
  form.elements.language.value = languages[0];
  $('also-speaks').replaceChildren(...LANGUAGES.map((code) => {
    const label = el('label', 'check');
    const box = el('input');
    box.type = 'checkbox';
    box.name = 'alsoSpeaks';
    box.value = code;
    box.checked = languages.slice(1).includes(code);
    label.append(box, el('span', '', t('lang_' + code)));
    return label;
  }));
  $('contact-rows').replaceChildren();
  (current.emergencyContacts || []).forEach(addContact);
  // Technicians never see health notes, and never edit files; the hub refuses them anyway.
  $('resident-form-title').textContent = file ? t('editResident', file.name) : t('newResident');
  $('resident-editor').showModal();
}

function addContact(contact) {
  const row = el('li', 'contact');
  ['name', 'relation', 'phone', 'email'].forEach((part) => {
    const label = el('label');
    const input = el('input');
    input.dataset.part = part;
    input.value = (contact && contact[part]) || '';
    if (part === 'phone' || part === 'email') {
      input.type = part === 'phone' ? 'tel' : 'email';
    }
    label.append(el('span', '', t('contact_' + part)), input);
    row.append(label);
  });
  row.append(familyNews(contact));
  row.append(el('div', 'actions'));
  row.lastChild.append(
    button(t('moveUp'), '', 'up', () => row.previousElementSibling && row.previousElementSibling.before(row)),
    button(t('remove'), '', 'remove', () => { row.remove(); number(); }));
  $('contact-rows').append(row);
  number();
}

// Family news: the language of her messages, "wants updates" and the consent. The hub records who took
// the consent and when; unticking the consent also stops the updates, so withdrawing is one change.
function familyNews(contact) {
  const news = el('div', 'family-news');
  const language = el('select');
  language.dataset.part = 'language';
  fillSelect(language, ['zh-CN', 'en'], (code) => code, (code) => t('lang_' + code));
  language.value = (contact && contact.language) || 'zh-CN';
  const languageLabel = el('label');
  languageLabel.append(el('span', '', t('contact_language')), language);
  const [updates, updatesLabel] = check('updates', contact && contact.updates, t('contact_updates'));
  const [consent, consentLabel] = check('consent', contact && contact.consentAt, t('contact_consent'));
  consent.addEventListener('change', () => { if (!consent.checked) updates.checked = false; });
  news.append(languageLabel, updatesLabel, consentLabel);
  if (contact && contact.consentAt) {
    news.append(el('small', 'consent-taken', t('consentTaken', new Date(contact.consentAt).toLocaleDateString(), contact.consentBy)));
  }
  return news;
}

function check(part, checked, words) {
  const label = el('label', 'check');
  const box = el('input');
  box.type = 'checkbox';
  box.dataset.part = part;
  box.checked = Boolean(checked);
  label.append(box, el('span', '', words));
  return [box, label];
}

// The hub names a contact's fields from 1 in their order (emergencyContacts.2.phone): so do the inputs.
function number() {
  [...$('contact-rows').children].forEach((row, index) => row.querySelectorAll('input, select').forEach((input) => {
    // A consent the hub asks for is named consentAt: its refusal shows under the consent box.
    const part = input.dataset.part === 'consent' ? 'consentAt' : input.dataset.part;
    input.dataset.field = 'emergencyContacts.' + (index + 1) + '.' + part;
  }));
}

$('add-contact').addEventListener('click', () => addContact(null));
$('contact-rows').addEventListener('click', () => number());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  number();
  const id = form.elements.id.value;
  const body = values(form, TEXT_FIELDS);
  const language = form.elements.language.value;
  body.languages = [language, ...[...form.querySelectorAll('[name=alsoSpeaks]:checked')]
    .map((box) => box.value).filter((code) => code !== language)];
  body.emergencyContacts = [...$('contact-rows').children].map((row) => {
    const contact = {};
    row.querySelectorAll('input, select').forEach((input) => {
      contact[input.dataset.part] = input.type === 'checkbox' ? input.checked : input.value.trim();
    });
    return contact;
  });
  const stored = await send(form, id ? 'PUT' : 'POST', id ? '/api/residents/' + id : '/api/residents', body);
  if (stored) {
    $('resident-editor').close();
    saved(stored);
  }
});
