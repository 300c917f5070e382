// Journeys: the catalogue; one journey drawn as a graph from its JSON, edited with the validator's errors on the graph,
// simulated with the path drawn, published, started for people or a segment, and its funnel per step.
import { h, clear, fmtTime, field, problemView, toast, table } from '../dom.js';
import { api, q, ApiError } from '../api.js';
import { drawGraph, graphLegend, stepOfError } from '../graph.js';
import { barChart } from '../chart.js';

export async function journeysPage(main, { args, session }) {
  if (args[0]) return journeyPage(main, args[0], session);
  const list = await api('journeys');
  main.append(h('section', { class: 'card' }, h('h1', {}, 'Journeys'),
    table(['Journey', 'Name', 'Versions', 'Status', 'Active runs'], list.map((j) => [
      h('a', { href: '#/journeys/' + encodeURIComponent(j.id) }, j.id), [j.name ?? '', j.builtIn ? h('span', { class: 'badge info' }, 'built in') : null],
      j.versions.join(', '), h('span', { class: 'badge ' + (j.status === 'active' ? 'ok' : 'none') }, j.status), String(j.activeRuns),
    ]))));
}

async function journeyPage(main, id, session) {
  const journey = await api('journeys/' + encodeURIComponent(id));
  let definition = journey.latest;
  let errors = [];
  let path = [];
  const graphBox = h('div', { class: 'graph-box', id: 'graph' });
  const errorBox = h('div', { id: 'editor-errors', 'aria-live': 'polite' });
  const redraw = () => {
    clear(graphBox, drawGraph(definition, { errors, path }), graphLegend(definition, definition.goal));
    const loose = errors.filter((e) => !stepOfError(e.path) || !definition.steps?.[stepOfError(e.path)]);
    const onSteps = errors.filter((e) => !loose.includes(e));
    clear(errorBox, errors.length ? h('div', { class: 'problem', role: 'alert' },
      h('strong', {}, `${errors.length} error(s): the marked steps need fixing`),
      h('ul', {}, [...onSteps, ...loose].map((e) => h('li', {}, h('code', {}, e.path), ' ', e.message)))) : null);
  };

  const editable = { ...definition };
  delete editable.version;
  const editor = h('textarea', { class: 'code', rows: 22, spellcheck: false, name: 'definition' }, JSON.stringify(editable, null, 2));
  editor.addEventListener('input', () => {
    try {
      definition = JSON.parse(editor.value);
      errors = [];
    } catch (error) {
      errors = [{ path: '$', message: 'Not JSON: ' + error.message }];
    }
    redraw();
  });
  const publish = h('button', { class: 'primary', disabled: !session.can('Journeys.Manage'), onclick: async () => {
    let body;
    try { body = JSON.parse(editor.value); } catch { return; }
    try {
      const saved = await api('journeys/' + encodeURIComponent(id), { method: 'PUT', body });
      errors = [];
      toast(`Published ${id} version ${saved.version ?? ''}`.trim());
      redraw();
    } catch (error) {
      errors = error instanceof ApiError && Array.isArray(error.problem?.errors) ? error.problem.errors : [{ path: '$', message: error.message }];
      redraw();
      errorBox.querySelector('[role=alert]')?.focus?.();
    }
  } }, 'Publish new version');

  const sections = [
    h('section', { class: 'card', 'aria-labelledby': 'editor-h' }, h('h2', { id: 'editor-h' }, 'Definition (JSON)'),
      field('Journey JSON', editor, 'Edits redraw the graph; publishing validates and saves an immutable new version.'),
      errorBox, h('div', { class: 'actions' }, publish)),
    simulateSection(id, journey, session, (run) => { path = run.path ?? []; redraw(); }),
    startSection(id, session),
    funnelSection(id, session),
  ];
  main.append(
    h('div', { class: 'title-row' }, h('h1', {}, definition.name ?? id), h('span', { class: 'hint' }, `${id} · versions ${journey.versions.join(', ')}`),
      h('a', { href: '#/journeys' }, 'All journeys')),
    h('div', { class: 'journey-grid' }, h('section', { class: 'card graph-card', 'aria-label': 'Journey graph', tabindex: 0 }, graphBox), h('div', { class: 'col' }, sections)));
  redraw();
}

function simulateSection(id, journey, session, onPath) {
  const now = new Date();
  now.setUTCHours(10, 0, 0, 0);
  const start = h('input', { type: 'datetime-local', name: 'start', value: now.toISOString().slice(0, 16) });
  const person = h('input', { type: 'text', name: 'person', placeholder: 'profile id (optional)' });
  const snapshot = h('textarea', { class: 'code', rows: 6, name: 'snapshot', spellcheck: false },
    JSON.stringify({ profileId: 'simulated', timeZone: 'Europe/Berlin', lastChannel: 'telegram', reachable: ['telegram', 'email'] }, null, 2));
  const signals = h('textarea', { class: 'code', rows: 4, name: 'signals', spellcheck: false }, JSON.stringify([], null, 2));
  const version = h('select', { name: 'version' }, journey.versions.slice().reverse().map((v) => h('option', { value: v }, 'v' + v)));
  const out = h('div', { 'aria-live': 'polite' });
  const fromPerson = h('button', { type: 'button', disabled: !session.can('Profiles.Read'), onclick: async () => {
    try {
      const p = await api('profiles/' + encodeURIComponent(person.value.trim()));
      const kinds = [...new Set(p.identifiers.map((i) => i.kind))];
      const channels = { phone: 'callcenter', email: 'email', telegram: 'telegram', whatsapp: 'whatsapp', viber: 'viber', visitor: 'sitechat' };
      snapshot.value = JSON.stringify({ profileId: p.id, timeZone: p.timeZone, locale: p.locale, lastChannel: p.lastChannel, preferredChannel: p.preferredChannel,
        identifierKinds: kinds, reachable: kinds.map((k) => channels[k]).filter(Boolean) }, null, 2);
    } catch (error) { clear(out, problemView(error)); }
  } }, 'Use this person');
  const run = h('button', { class: 'primary', type: 'submit', disabled: !session.can('Journeys.Manage') }, 'Simulate');
  return h('form', { class: 'card', 'aria-labelledby': 'sim-h', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const body = { version: Number(version.value), start: new Date(start.value + 'Z').toISOString(), profile: JSON.parse(snapshot.value), signals: JSON.parse(signals.value || '[]') };
      const result = await api(`journeys/${encodeURIComponent(id)}/simulate`, { method: 'POST', body });
      onPath(result.run);
      clear(out, h('p', { class: 'sim-outcome', role: 'status' }, `Outcome: ${result.run.outcome ?? result.run.status ?? '?'} after ${result.run.path.length} steps`),
        h('ol', { class: 'sim-path' }, result.run.path.map((p) => h('li', {}, h('strong', {}, p.stepId), ` (${p.kind}) ${fmtTime(p.at)} `, p.detail ? h('span', { class: 'hint' }, p.detail) : null))));
    } catch (error) { clear(out, problemView(error)); }
  } }, h('h2', { id: 'sim-h' }, 'Simulate'),
  h('div', { class: 'row' }, field('Version', version), field('Start (UTC)', start)),
  h('div', { class: 'row' }, field('Person', person), fromPerson),
  field('Profile snapshot', snapshot), field('Scripted signals', signals, 'e.g. [{"type": "customer.replied", "at": "2026-12-01T12:00:00Z"}]'),
  h('div', { class: 'actions' }, run), out);
}

function startSection(id, session) {
  if (!session.can('Journeys.Run')) return null;
  const ids = h('textarea', { rows: 3, name: 'profileIds', placeholder: 'one profile id per line' });
  const segment = h('input', { type: 'text', name: 'segment', placeholder: 'segment id' });
  const out = h('div', { 'aria-live': 'polite' });
  async function poll(location) {
    for (let n = 0; n < 60; n++) {
      const progress = await api(location.replace(/^.*\/api\//, ''));
      clear(out, h('p', { role: 'status' }, `Segment start ${progress.status}: ${progress.started ?? 0} started, ${progress.queued ?? 0} queued of ${progress.total ?? '?'}`,
        Object.keys(progress.skipped ?? {}).length ? ' · skipped ' + Object.entries(progress.skipped).map(([r, c]) => `${r} ${c}`).join(', ') : ''));
      if (progress.status === 'completed') return;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  return h('section', { class: 'card', 'aria-labelledby': 'start-h' }, h('h2', { id: 'start-h' }, 'Start'),
    h('form', { onsubmit: async (event) => {
      event.preventDefault();
      try {
        const profileIds = ids.value.split(/\s+/).filter(Boolean);
        const results = await api(`journeys/${encodeURIComponent(id)}/runs`, { method: 'POST', body: { profileIds } });
        clear(out, table(['Profile', 'Result'], results.map((r) => [h('code', {}, r.profileId), r.result + (r.reason ? ` (${r.reason})` : '')])));
      } catch (error) { clear(out, problemView(error)); }
    } }, field('Profile ids', ids), h('button', { type: 'submit' }, 'Start for these people')),
    h('form', { onsubmit: async (event) => {
      event.preventDefault();
      try {
        const response = await api(`journeys/${encodeURIComponent(id)}/runs`, { method: 'POST', body: { segment: segment.value.trim() }, raw: true });
        const location = response.headers.get('Location');
        if (location) await poll(location);
        else clear(out, h('p', { role: 'status' }, 'Started.'));
      } catch (error) { clear(out, problemView(error)); }
    } }, field('Segment', segment), h('button', { type: 'submit' }, 'Start for the segment')),
    out);
}

function funnelSection(id, session) {
  if (!session.can('Reports.Read')) return null;
  const today = new Date().toISOString().slice(0, 10);
  const weekAgo = new Date(Date.now() - 6 * 864e5).toISOString().slice(0, 10);
  const from = h('input', { type: 'date', name: 'from', value: weekAgo });
  const to = h('input', { type: 'date', name: 'to', value: today });
  const out = h('div');
  const load = async () => {
    try {
      const funnel = await api(`reports/funnel/${encodeURIComponent(id)}?` + q({ from: from.value, to: to.value }));
      const steps = funnel.steps.slice().sort((a, b) => b.reached - a.reached);
      clear(out, steps.length ? barChart(steps.map((s) => ({ label: `${s.stepId} v${s.version}`, value: s.reached })), { title: `Funnel of ${id}: people who reached each step`, unit: 'people' })
        : h('p', { class: 'empty' }, 'Nobody reached a step in these days.'));
    } catch (error) { clear(out, problemView(error)); }
  };
  load();
  return h('form', { class: 'card', 'aria-labelledby': 'funnel-h', onsubmit: (event) => { event.preventDefault(); load(); } },
    h('h2', { id: 'funnel-h' }, 'Funnel'), h('div', { class: 'row' }, field('From', from), field('To', to), h('button', { type: 'submit' }, 'Show')), out);
}
