// A community's set-up: administrators add communities and grids; supervisors and administrators edit
// the escalation policy (each step's wait and whom it rings, care and technical chains apart) and
// preview whom a call from a grid would ring now, with the policy as stored or as being edited; beside it the
// community's care policy: days between home visits per tier, the not-home retry, the visit after a change.
import { api, session } from './api.js';
import { $, button, el, notice } from './dom.js';
import { clearErrors, fillSelect, send, showErrors, values } from './forms.js';
import { t } from './i18n.js';

const AUDIENCES = { care: ['GRID_DUTY', 'SITE_DUTY', 'SUPERVISORS', 'ALL_CONSOLES', 'OUTSIDE'],
  technical: ['TECHNICIANS', 'SUPERVISORS', 'ALL_CONSOLES', 'OUTSIDE'] };
const known = { sites: [], grids: [], policies: {} };
const form = $('policy-form');

export async function load() {
  let all;
  try {
    [known.sites, known.grids, all] = await Promise.all([api('GET', '/api/sites'), api('GET', '/api/areas'),
      api('GET', '/api/escalation-policies')]);
  } catch (error) {
    notice(error.message);
    return;
  }
  known.policies = all.sites;
  known.defaults = all.defaults;
  $('site-list').replaceChildren(...known.sites.map((site) => {
    const item = el('li', '', site.name + ' (' + site.timezone + '): '
      + (known.grids.filter((grid) => grid.siteId === site.id).map((grid) => grid.name).join(', ') || t('noGrids')));
    item.dataset.siteId = site.id;
    item.append(lockScreenChoice(site));
    return item;
  }));
  fillSelect($('area-form').elements.siteId, known.sites, (site) => site.id, (site) => site.name);
  const select = $('policy-site');
  const chosen = select.value || session.staff.siteId;
  fillSelect(select, known.sites, (site) => site.id, (site) => site.name);
  if (known.sites.some((site) => site.id === chosen)) {
    select.value = chosen;
  }
  showPolicy();
  showCarePolicy();
}

const careForm = $('care-policy-form');
// The policy as read: the parts this form does not show (check-in and work-order times) are sent back as they were.
let loadedCare = {};
const CARE_FIELDS = ['visitDays.HIGH', 'visitDays.MEDIUM', 'visitDays.LOW', 'notHomeRetryDays', 'eventVisitHours'];

async function showCarePolicy() {
  const siteId = $('policy-site').value;
  careForm.hidden = !siteId;
  $('care-policy-saved').textContent = '';
  clearErrors(careForm);
  if (!siteId) {
    return;
  }
  let policy;
  try {
    policy = await api('GET', '/api/care-policies/' + siteId);
  } catch (error) {
    notice(error.message);
    return;
  }
  CARE_FIELDS.forEach((field) => {
    const [name, tier] = field.split('.');
    careForm.elements[field].value = tier ? policy[name][tier] : policy[name];
  });
  careForm.elements.familyCallResolved.checked = Boolean(policy.family && policy.family.callResolved);
  loadedCare = policy;
  careForm.dataset.loaded = siteId;
}

careForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  $('care-policy-saved').textContent = '';
  const number = (field) => Number(String(careForm.elements[field].value).trim());
  const problems = {};
  CARE_FIELDS.forEach((field) => {
    if (!/^\d{1,4}$/.test(String(careForm.elements[field].value).trim())) {
      problems[field] = { code: 'whole' };
    }
  });
  if (Object.keys(problems).length) {
    showErrors(careForm, { fields: problems, message: t('err_invalid') });
    return;
  }
  const body = { ...loadedCare, visitDays: { HIGH: number('visitDays.HIGH'), MEDIUM: number('visitDays.MEDIUM'),
    LOW: number('visitDays.LOW') }, notHomeRetryDays: number('notHomeRetryDays'),
  eventVisitHours: number('eventVisitHours'),
  family: { ...(loadedCare.family || {}), callResolved: careForm.elements.familyCallResolved.checked } };
  if (await send(careForm, 'PUT', '/api/care-policies/' + $('policy-site').value, body)) {
    $('care-policy-saved').textContent = t('carePolicySaved');
  }
});

// What a call's notification shows on a locked phone, which anyone near it may read: the community chooses.
function lockScreenChoice(site) {
  const label = el('label', 'lock-screen');
  const select = el('select');
  select.name = 'lockScreen';
  ['grid', 'kind', 'name'].forEach((choice) => {
    const option = el('option', '', t('lock_' + choice));
    option.value = choice;
    select.append(option);
  });
  select.value = site.lockScreen || 'grid';
  select.addEventListener('change', async () => {
    try {
      await api('PUT', '/api/sites/' + site.id + '/lock-screen', { lockScreen: select.value });
      notice(t('lockScreenSaved', site.name));
    } catch (error) {
      notice(error.message);
      select.value = site.lockScreen || 'grid';
    }
  });
  label.append(el('span', '', t('lockScreen')), select);
  return label;
}

function showPolicy() {
  const siteId = $('policy-site').value;
  form.hidden = !siteId;
  $('preview-form').hidden = !siteId;
  $('policy-saved').textContent = '';
  $('preview-steps').replaceChildren();
  clearErrors(form);
  clearErrors($('preview-form'));
  if (!siteId) {
    return;
  }
  const policy = known.policies[siteId] || known.defaults;
  ['care', 'technical'].forEach((chain) => {
    $(chain + '-steps').replaceChildren();
    policy[chain].forEach((step) => addStep(chain, step));
  });
  form.elements.onSiteTimeoutS.value = policy.onSiteTimeoutS;
  fillSelect($('preview-form').elements.areaId, known.grids.filter((grid) => grid.siteId === siteId),
    (grid) => grid.id, (grid) => grid.name, t('chooseGrid'));
}

function addStep(chain, step) {
  const item = el('li', 'step');
  const wait = el('label');
  const input = el('input');
  input.inputMode = 'numeric';
  input.dataset.part = 'afterS';
  input.value = step ? step.afterS : '';
  wait.append(el('span', '', t('afterSeconds')), input);
  const who = el('fieldset', 'checks');
  who.dataset.part = 'audiences';
  who.append(el('legend', '', t('rings')));
  AUDIENCES[chain].forEach((audience) => {
    const label = el('label', 'check');
    const box = el('input');
    box.type = 'checkbox';
    box.value = audience;
    box.checked = Boolean(step && step.audiences.includes(audience));
    label.append(box, el('span', '', t(audience)));
    who.append(label);
  });
  item.append(wait, who, button(t('removeStep'), '', 'remove-step', () => { item.remove(); number(chain); }));
  $(chain + '-steps').append(item);
  number(chain);
}

// The hub names a step's fields from 1 (care.2.afterS): so do the inputs, after every change.
function number(chain) {
  [...$(chain + '-steps').children].forEach((item, index) => item.querySelectorAll('[data-part]').forEach((node) => {
    node.dataset.field = chain + '.' + (index + 1) + '.' + node.dataset.part;
  }));
}

/** The policy as edited; a wait that is not a whole number is refused here, beside its field. */
function edited() {
  const problems = {};
  const seconds = (node, field) => {
    const text = node.value.trim();
    if (!/^\d{1,6}$/.test(text)) {
      problems[field] = { code: 'number' };
    }
    return Number(text);
  };
  const policy = { onSiteTimeoutS: seconds(form.elements.onSiteTimeoutS, 'onSiteTimeoutS') };
  ['care', 'technical'].forEach((chain) => {
    number(chain);
    policy[chain] = [...$(chain + '-steps').children].map((item) => {
      const wait = item.querySelector('[data-part=afterS]');
      return { afterS: seconds(wait, wait.dataset.field),
        audiences: [...item.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value) };
    });
  });
  return Object.keys(problems).length ? { problems } : { policy };
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  $('policy-saved').textContent = '';
  const { policy, problems } = edited();
  if (problems) {
    showErrors(form, { fields: problems, message: t('err_invalid') });
    return;
  }
  const siteId = $('policy-site').value;
  const saved = await send(form, 'PUT', '/api/escalation-policies/' + siteId, policy);
  if (saved) {
    known.policies[siteId] = saved;
    $('policy-saved').textContent = t('policySaved');
  }
});

$('preview-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const { policy, problems } = edited();
  if (problems) {
    showErrors(form, { fields: problems, message: t('err_invalid') });
    return;
  }
  const body = Object.assign(values($('preview-form'), ['areaId']), { policy });
  clearErrors(form);
  clearErrors($('preview-form'));
  let answer;
  try {
    answer = await api('POST', '/api/escalation-policies/' + $('policy-site').value + '/preview', body);
  } catch (error) {
    // The grid's refusal belongs under the grid; the edited policy's under its steps.
    const grid = Object.entries(error.fields).filter(([field]) => field === 'areaId');
    const steps = Object.entries(error.fields).filter(([field]) => field !== 'areaId');
    showErrors($('preview-form'), { fields: Object.fromEntries(grid),
      message: grid.length || !steps.length ? error.message : '' });
    if (steps.length) {
      showErrors(form, { fields: Object.fromEntries(steps), message: error.message });
    }
    return;
  }
  $('preview-steps').replaceChildren(...answer.care.map((step) => {
    const people = step.people.map((person) => person.displayName + ' (' + t(person.role) + ', '
      + t(person.consoleOpen ? 'consoleOpen' : 'consoleClosed') + ')');
    if (step.everyone) {
      people.push(t('ALL_CONSOLES'));
    }
    if (step.outside) {
      people.push(t('OUTSIDE'));
    }
    // Red when the step would reach nobody now, as escalation counts it: its people's consoles all closed
    // count as nobody, unless an outside channel is there to fall back on.
    const item = el('li', step.reachesNobody ? 'gap' : '', t('previewStep', { step: step.step, after: step.afterS })
      + (people.length === 0 ? t('reachesNobody') : people.join(', ') + (step.reachesNobody ? ' · ' + t('reachesNobody') : '')));
    item.dataset.step = step.step;
    item.dataset.reachesNobody = step.reachesNobody;
    if (step.outsideUnconfigured) {
      item.append(el('div', 'warning', t('outsideUnconfigured')));
    }
    return item;
  }));
});

$('add-care-step').addEventListener('click', () => addStep('care', null));
$('add-technical-step').addEventListener('click', () => addStep('technical', null));
$('policy-site').addEventListener('change', () => {
  showPolicy();
  showCarePolicy();
});

// --- communities and grids (administrators) ---------------------------------------------------------
$('site-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (await send(event.target, 'POST', '/api/sites', values(event.target, ['name', 'timezone']))) {
    event.target.elements.name.value = '';
    load();
  }
});

$('area-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (await send(event.target, 'POST', '/api/areas', values(event.target, ['siteId', 'name']))) {
    event.target.elements.name.value = '';
    load();
  }
});
