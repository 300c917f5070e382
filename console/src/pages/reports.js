// Reports: attribution by channel, journey or template with the model and window chosen here, conversions over time
// as charts, and the same report as CSV.
import { h, clear, field, problemView, table, download } from '../dom.js';
import { api, q } from '../api.js';
import { barChart, lineChart } from '../chart.js';

const MODELS = ['last-touch', 'first-touch', 'linear', 'time-decay', 'position-based'];
const DIMENSIONS = [['channel', 'Channel'], ['journey', 'Journey step'], ['template', 'Template']];
const WINDOWS = ['P1D', 'P2D', 'P3D', 'P7D', 'P14D', 'P30D'];

const keyOf = (dimension, row) => (dimension === 'journey' ? `${row.journeyId} v${row.version} › ${row.stepId}` : row[dimension] ?? '—');
const valueOf = (row) => Object.values(row.attributedValue ?? {}).reduce((a, b) => a + b, 0);

export async function reportsPage(main, { query }) {
  const today = new Date().toISOString().slice(0, 10);
  const from = h('input', { type: 'date', name: 'from', value: query.get('from') ?? new Date(Date.now() - 13 * 864e5).toISOString().slice(0, 10) });
  const to = h('input', { type: 'date', name: 'to', value: query.get('to') ?? today });
  const dimension = h('select', { name: 'dimension' }, DIMENSIONS.map(([v, l]) => h('option', { value: v, selected: v === (query.get('dimension') ?? 'channel') }, l)));
  const model = h('select', { name: 'model' }, MODELS.map((m) => h('option', { value: m, selected: m === (query.get('model') ?? 'last-touch') }, m)));
  const windowSelect = h('select', { name: 'window' }, WINDOWS.map((w) => h('option', { value: w, selected: w === (query.get('window') ?? 'P3D') }, w.replace('P', '').replace('D', ' days'))));
  const out = h('div', { id: 'report', 'aria-live': 'polite' });
  const params = () => ({ from: from.value, to: to.value, model: model.value, window: windowSelect.value });

  async function load() {
    clear(out, h('p', {}, 'Loading…'));
    try {
      const [report, days] = await Promise.all([
        api(`reports/${dimension.value}?` + q(params())),
        api('reports/day?' + q(params())),
      ]);
      const rows = report.rows.filter((r) => r.conversions > 0 || r.sends > 0);
      const currency = [...new Set(report.rows.flatMap((r) => Object.keys(r.attributedValue ?? {})))].join('/') || '';
      const dayRows = fillDays(from.value, to.value, days.rows);
      clear(out,
        h('div', { class: 'charts' },
          h('section', { class: 'card' }, h('h2', {}, `Attributed conversions by ${dimension.selectedOptions[0].text.toLowerCase()}`),
            rows.length ? barChart(rows.map((r) => ({ label: keyOf(dimension.value, r), value: r.conversions })), { title: `Conversions credited (${report.model}, window ${report.window})`, unit: '' })
              : h('p', { class: 'empty' }, 'No conversions or sends in these days.'),
            rows.length ? barChart(rows.map((r) => ({ label: keyOf(dimension.value, r), value: valueOf(r) })), { title: `Attributed value ${currency}`, unit: currency }) : null),
          h('section', { class: 'card' }, h('h2', {}, 'Conversions over time'),
            lineChart(dayRows.map((d) => d.day), [
              { name: 'Conversions credited', values: dayRows.map((d) => d.conversions) },
              { name: 'Sends', values: dayRows.map((d) => d.sends) },
            ], { title: `Per day, ${report.model}` }))),
        h('section', { class: 'card' }, h('h2', {}, 'Numbers'),
          table([DIMENSIONS.find(([v]) => v === dimension.value)[1], 'Sends', 'Delivered', 'Read', 'Clicked', 'Replies', 'Opt-outs', 'Conversions', 'Rate', 'Value'],
            report.rows.map((r) => [keyOf(dimension.value, r), r.sends, r.delivered, r.read, r.clicked, r.replies, r.optOuts, fmt(r.conversions),
              r.conversionRate === undefined ? '—' : Math.round(r.conversionRate * 100) + ' %',
              Object.entries(r.attributedValue ?? {}).map(([c, v]) => `${fmt(v)} ${c}`).join(', ') || '—']))));
    } catch (error) { clear(out, problemView(error)); }
  }

  const csv = h('button', { type: 'button', onclick: async () => {
    try {
      const response = await api(`reports/${dimension.value}?` + q(params()), { accept: 'text/csv', raw: true });
      download(`report-${dimension.value}-${from.value}-${to.value}-${model.value}.csv`, await response.text(), 'text/csv');
    } catch (error) { clear(out, problemView(error)); }
  } }, 'Download CSV');

  main.append(h('h1', {}, 'Reports'),
    h('form', { class: 'card filters', onsubmit: (event) => { event.preventDefault(); load(); } },
      field('Attribute by', dimension), field('Model', model), field('Lookback window', windowSelect), field('From', from), field('To', to),
      h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, 'Show'), csv)),
    out);
  await load();
}

const fmt = (v) => (Math.round(v * 100) / 100).toLocaleString();

/** One row per day from..to, zeros where the report has none, so the line does not skip days. */
function fillDays(from, to, rows) {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out = [];
  for (let d = new Date(from + 'T00:00:00Z'); d <= new Date(to + 'T00:00:00Z') && out.length < 400; d = new Date(d.getTime() + 864e5)) {
    const day = d.toISOString().slice(0, 10);
    out.push({ day, conversions: byDay.get(day)?.conversions ?? 0, sends: byDay.get(day)?.sends ?? 0 });
  }
  return out;
}
