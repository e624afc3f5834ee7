// The console's forms: what a person typed, sent to the hub, and each refusal shown beside its field in
// the console's language. The hub checks everything and stores nothing when any field is wrong, so a
// form only ever clears its errors, sends, and shows what came back.
import { api } from './api.js';
import { el } from './dom.js';
import { has, t } from './i18n.js';

/** Removes the sentences of the last refusal. */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((node) => node.remove());
  form.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  if (general) {
    general.textContent = '';
  }
}

/** The input a refusal names: marked with data-field for rows built in code, else by its name. */
function inputFor(form, field) {
  return form.querySelector('[data-field="' + CSS.escape(field) + '"]')
    || (form.elements.namedItem(field) instanceof Element ? form.elements.namedItem(field) : null);
}

/** One sentence per wrong field, under that field; anything else in the form's own error line. */
export function showErrors(form, error) {
  clearErrors(form);
  const general = form.querySelector('.form-error');
  const fields = Object.entries(error.fields || {});
  let unplaced = fields.length === 0;
  fields.forEach(([field, problem]) => {
    const sentence = has('field_' + problem.code) ? t('field_' + problem.code, problem) : t('field_invalid');
    const input = inputFor(form, field);
    if (!input) {
      unplaced = true;
      if (general) {
        general.textContent += (general.textContent ? ' ' : '') + sentence;
      }
      return;
    }
    input.setAttribute('aria-invalid', 'true');
    const line = el('p', 'field-error', sentence);
    line.dataset.errorFor = field;
    line.setAttribute('role', 'alert');
    (input.closest('label, fieldset') || input).after(line);
  });
  if (general && unplaced && !general.textContent) {
    general.textContent = error.message;
  }
  const first = form.querySelector('[aria-invalid]');
  if (first) {
    first.focus();
  }
}

/** Sends a form's body; on a refusal shows why and answers null, so the caller changes nothing. */
export async function send(form, method, path, body) {
  clearErrors(form);
  try {
    return await api(method, path, body);
  } catch (error) {
    showErrors(form, error);
    return null;
  }
}

/** A form's text fields by name, trimmed; empty ones left out, so the hub sees them as not given. */
export function values(form, names) {
  const out = {};
  names.forEach((name) => {
    const value = String(form.elements[name].value || '').trim();
    if (value !== '') {
      out[name] = value;
    }
  });
  return out;
}

/** Fills a select with options, keeping the chosen value where it still exists. */
export function fillSelect(select, items, valueOf, labelOf, emptyLabel) {
  const chosen = select.value;
  const options = items.map((item) => {
    const option = el('option', '', labelOf(item));
    option.value = valueOf(item);
    return option;
  });
  if (emptyLabel !== undefined) {
    const empty = el('option', '', emptyLabel);
    empty.value = '';
    options.unshift(empty);
  }
  select.replaceChildren(...options);
  if ([...select.options].some((option) => option.value === chosen)) {
    select.value = chosen;
  }
}
