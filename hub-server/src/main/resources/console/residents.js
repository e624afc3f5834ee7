// Residents' files, found by name (Chinese or Latin letters) or room, grid, risk level and unit, archived
// ones too on request; one tap opens the file. Supervisors and administrators create and edit them.
// What a file shows depends on the role: technicians never get health notes from the hub.
import { api } from './api.js';
import { $, button, el, notice } from './dom.js';
import { openFile } from './file.js';
import { t } from './i18n.js';
import * as residentForm from './resident-form.js';

let grids = [];

export async function load() {
  try {
    grids = await api('GET', '/api/areas');
  } catch (error) {
    notice(error.message);
    return;
  }
  const select = $('resident-search').elements.areaId;
  const chosen = select.value;
  select.replaceChildren(el('option', '', t('any')), ...grids.map((grid) => {
    const option = el('option', '', grid.name);
    option.value = grid.id;
    return option;
  }));
  select.firstChild.value = '';
  select.value = chosen;
  await search();
}

async function search() {
  const form = new FormData($('resident-search'));
  const query = new URLSearchParams([...form.entries()].filter(([, value]) => value !== ''));
  query.set('limit', '200');
  let page;
  try {
    page = await api('GET', '/api/residents?' + query);
  } catch (error) {
    notice(error.message);
    return;
  }
  const gridName = (id) => (grids.find((grid) => grid.id === id) || {}).name;
  $('resident-count').textContent = t('residentsFound', page.total);
  $('resident-list').replaceChildren(...page.items.map((resident) => {
    const item = el('li');
    item.dataset.residentId = resident.id;
    const name = resident.name + (resident.nameLatin ? ' · ' + resident.nameLatin : '');
    item.append(button([name, gridName(resident.areaId), resident.room && t('room') + ' ' + resident.room,
      t('risk') + ' ' + t(resident.riskLevel), resident.archived && t('archived')].filter(Boolean).join(' · '),
    '', 'file', () => openFile(resident.id, search)));
    return item;
  }));
}

$('resident-search').addEventListener('submit', (event) => {
  event.preventDefault();
  search();
});

$('new-resident').addEventListener('click', () => residentForm.edit(null, (saved) => {
  search();
  openFile(saved.id, search);
}));
