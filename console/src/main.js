import { h, clear, problemView } from './dom.js';
import { startAuth, isSignedIn, signInPage, roles, signOut, signInMode } from './auth.js';
import { personPage } from './pages/person.js';
import { journeysPage } from './pages/journeys.js';
import { templatesPage } from './pages/templates.js';
import { reportsPage } from './pages/reports.js';

const pages = [
  { path: 'person', title: 'Person', render: personPage, needs: ['Profiles.Read'] },
  { path: 'journeys', title: 'Journeys', render: journeysPage, needs: ['Journeys.Manage', 'Journeys.Run'] },
  { path: 'templates', title: 'Templates', render: templatesPage, needs: ['Journeys.Manage'] },
  { path: 'reports', title: 'Reports', render: reportsPage, needs: ['Reports.Read'] },
];

let user = { roles: [], name: '' };

/** What a page gets: the signed-in user's roles, and navigation by hash (#/page/arg?query). */
const session = {
  can: (role) => user.roles.includes(role),
  go: (hash) => { if (location.hash === hash) route(); else location.hash = hash; },
};

let renders = 0;

async function route() {
  const main = document.getElementById('main');
  if (!isSignedIn()) {
    clear(document.getElementById('nav'));
    clear(document.getElementById('who'));
    signInPage(main, () => { history.replaceState(null, '', '#/person'); boot(); });
    return;
  }
  const [pathPart, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = pathPart.split('/');
  const page = pages.find((p) => p.path === name) ?? pages.find((p) => p.needs.some(session.can)) ?? pages[0];
  for (const link of document.querySelectorAll('#nav a')) {
    link.toggleAttribute('aria-current', link.dataset.page === page.path);
    if (link.dataset.page === page.path) link.setAttribute('aria-current', 'page');
  }
  document.title = `${page.title} · OmniFunctions console`;
  // A newer navigation wins: each render fills its own container, shown only while it is the latest.
  const ticket = ++renders;
  const container = h('div', { class: 'page' });
  clear(main, container);
  try {
    await page.render(container, { args: rest.map(decodeURIComponent), query: new URLSearchParams(query), session });
  } catch (error) {
    if (ticket === renders) container.append(problemView(error));
  }
  if (ticket !== renders) container.remove();
}

async function boot() {
  if (!isSignedIn()) { route(); return; }
  user = await roles();
  clear(document.getElementById('nav'), h('ul', {}, pages.map((p) => h('li', {},
    h('a', { href: '#/' + p.path, dataset: { page: p.path }, class: p.needs.some(session.can) ? '' : 'muted' }, p.title)))));
  clear(document.getElementById('who'),
    h('span', { class: 'roles', title: user.roles.join(', ') }, signInMode() === 'development' ? 'Developer' : user.name, ' · ', `${user.roles.length} role${user.roles.length === 1 ? '' : 's'}`),
    h('button', { class: 'link', onclick: () => { signOut(); route(); } }, 'Sign out'));
  route();
}

window.addEventListener('hashchange', route);
startAuth().then(boot, (error) => clear(document.getElementById('main'), problemView(error)));
