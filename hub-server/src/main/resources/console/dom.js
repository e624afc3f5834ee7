// Small helpers for building the console's pages: every text goes in as text, never as HTML.

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = text;
  }
  return node;
}

export function button(label, kind, action, handler) {
  const node = el('button', kind, label);
  node.type = 'button';
  node.dataset.action = action;
  node.addEventListener('click', handler);
  return node;
}

/** A table cell that also carries its column's name, which narrow screens show beside the value. */
export function cell(text, label) {
  const node = el('td', '', text === null || text === undefined || text === '' ? '—' : text);
  if (label) {
    node.dataset.label = label;
  }
  return node;
}

/** A message in a dialog of the console's own, in its language (never the browser's alert box). */
export function notice(text) {
  $('notice-text').textContent = text;
  if (!$('notice').open) {
    $('notice').showModal();
  }
}

/** A yes-or-no question in the console's own dialog; answers true when the person confirms. */
export function ask(text, yesLabel) {
  $('ask-text').textContent = text;
  $('ask-yes').textContent = yesLabel;
  return new Promise((resolve) => {
    const dialog = $('ask');
    const yes = () => {
      dialog.close();
      resolve(true);
    };
    $('ask-yes').addEventListener('click', yes, { once: true });
    dialog.addEventListener('close', () => {
      $('ask-yes').removeEventListener('click', yes);
      resolve(false);
    }, { once: true });
    dialog.showModal();
  });
}
