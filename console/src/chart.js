// Small SVG charts: horizontal bars (one value per label) and lines over days. Each carries a text table for
// screen readers, and its numbers as labels so no hover is needed.
import { h } from './dom.js';

const PALETTE = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626'];
const fmt = (v) => (Math.round(v * 100) / 100).toLocaleString();

export function barChart(items, { title, unit = '' }) {
  const max = Math.max(1e-9, ...items.map((i) => i.value));
  const rowH = 28, labelW = 240, barW = 380, width = labelW + barW + 100;
  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${items.length * rowH + 8}`, class: 'chart bar-chart', role: 'img', 'aria-label': title },
    items.map((item, n) => h('svg:g', { transform: `translate(0,${n * rowH + 4})` },
      h('svg:text', { x: labelW - 8, y: 17, 'text-anchor': 'end', class: 'chart-label' }, h('svg:title', {}, item.label), item.label.length > 34 ? item.label.slice(0, 33) + '…' : item.label),
      h('svg:rect', { x: labelW, y: 3, height: rowH - 10, width: Math.max(2, (item.value / max) * barW), fill: PALETTE[n % PALETTE.length], rx: 3 }),
      h('svg:text', { x: labelW + Math.max(2, (item.value / max) * barW) + 6, y: 17, class: 'chart-value' }, `${fmt(item.value)} ${unit}`.trim()))));
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), svg, dataTable(['', unit || 'value'], items.map((i) => [i.label, fmt(i.value)])));
}

export function lineChart(days, series, { title, unit = '' }) {
  const width = 700, height = 240, left = 48, bottom = 28, top = 12, right = 12;
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values));
  const x = (n) => left + (days.length === 1 ? (width - left - right) / 2 : (n * (width - left - right)) / (days.length - 1));
  const y = (v) => top + (1 - v / max) * (height - top - bottom);
  const ticks = [0, max / 2, max];
  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart line-chart', role: 'img', 'aria-label': title },
    ticks.map((t) => h('svg:g', {}, h('svg:line', { x1: left, x2: width - right, y1: y(t), y2: y(t), class: 'grid' }), h('svg:text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'chart-label' }, fmt(t)))),
    days.map((d, n) => (days.length <= 8 || n % Math.ceil(days.length / 8) === 0 ? h('svg:text', { x: x(n), y: height - 8, 'text-anchor': 'middle', class: 'chart-label' }, d.slice(5)) : null)),
    series.map((s, k) => h('svg:g', {},
      h('svg:polyline', { points: s.values.map((v, n) => `${x(n)},${y(v)}`).join(' '), fill: 'none', stroke: PALETTE[k % PALETTE.length], 'stroke-width': 2.5 }),
      s.values.map((v, n) => h('svg:circle', { cx: x(n), cy: y(v), r: 3.5, fill: PALETTE[k % PALETTE.length] })))));
  const legend = h('ul', { class: 'legend' }, series.map((s, k) => h('li', {}, h('span', { class: 'swatch sw-' + (k % PALETTE.length) }), s.name)));
  return h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), svg, legend,
    dataTable(['Day', ...series.map((s) => s.name)], days.map((d, n) => [d, ...series.map((s) => fmt(s.values[n]))])));
}

function dataTable(headers, rows) {
  return h('details', { class: 'chart-data' }, h('summary', {}, 'Show the numbers'),
    h('table', {}, h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}
