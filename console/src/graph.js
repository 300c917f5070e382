// Draws a journey definition as a layered graph (SVG): steps as boxes, branches/waits/goals as labelled edges.
// Validation errors mark the step their path names; a simulated path numbers the steps it took.
import { h } from './dom.js';

const W = 176, H = 58, GX = 36, GY = 62, PAD = 24;

/** Every edge leaving a step, with the label the marketer knows it by. */
export function edgesOf(step) {
  const out = [];
  const add = (to, label) => { if (typeof to === 'string' && to) out.push({ to, label }); };
  add(step.next, step.kind === 'send' ? 'sent' : '');
  add(step.onNotSent, 'not sent');
  add(step.onSignal, 'signal');
  add(step.onTimeout, 'timeout');
  for (const c of step.conditions ?? []) add(c.next, conditionLabel(c));
  add(step.otherwise, 'otherwise');
  for (const [outcome, to] of Object.entries(step.onOutcome ?? {})) add(to, outcome);
  for (const v of step.variants ?? []) add(v.next, v.name ?? v.id ?? 'variant');
  // one arrow per target: "default → done" and "next → done" say the same
  return out.filter((e, n) => out.findIndex((o) => o.to === e.to) === n);
}

function conditionLabel(c) {
  if (c.reachable) return 'reachable ' + c.reachable;
  if (c.signal) return 'signal ' + c.signal;
  const key = Object.keys(c).find((k) => k !== 'next');
  return key ? `${key} ${typeof c[key] === 'object' ? JSON.stringify(c[key]) : c[key]}` : 'if';
}

function detailOf(step) {
  switch (step.kind) {
    case 'send': return (step.channels ?? []).join(' / ') + (step.template ? ' · ' + step.template : '');
    case 'wait': return step.duration ?? step.until ?? '';
    case 'waitFor': return (step.signals ?? []).join(', ') + (step.timeout ? ' · ' + step.timeout : '');
    case 'callback': return step.timeout ? 'callback · ' + step.timeout : 'callback';
    case 'branch': return `${(step.conditions ?? []).length} condition(s)`;
    default: return '';
  }
}

/**
 * Layers by the longest path from the start over the graph without its back edges (found by a depth-first walk), so
 * every forward edge points down; steps nothing reaches go in a last layer. Within a layer, steps sit under the mean
 * position of their parents, which keeps most edges from crossing.
 */
export function layout(definition) {
  const steps = definition?.steps && typeof definition.steps === 'object' && !Array.isArray(definition.steps) ? definition.steps : {};
  const ids = Object.keys(steps);
  const targets = (id) => edgesOf(steps[id] ?? {}).map((e) => e.to).filter((to) => steps[to]);
  const back = new Set();
  const state = new Map();
  const order = [];
  const visit = (id) => {
    state.set(id, 'open');
    for (const to of targets(id)) {
      if (state.get(to) === 'open') back.add(id + '→' + to);
      else if (!state.has(to)) visit(to);
    }
    state.set(id, 'done');
    order.push(id);
  };
  if (steps[definition.start]) visit(definition.start);
  const layer = new Map();
  for (const id of order.reverse()) {
    if (!layer.has(id)) layer.set(id, 0);
    for (const to of targets(id)) {
      if (!back.has(id + '→' + to)) layer.set(to, Math.max(layer.get(to) ?? 0, layer.get(id) + 1));
    }
  }
  const deepest = Math.max(-1, ...layer.values());
  for (const id of ids) if (!layer.has(id)) layer.set(id, deepest + 1);
  const rows = [];
  for (const id of ids) (rows[layer.get(id)] ??= []).push(id);
  const width = Math.max(2, ...rows.map((r) => r?.length ?? 0));  // room for the goal beside the start
  const pos = new Map();
  const parents = (id) => ids.filter((from) => targets(from).includes(id) && pos.has(from));
  rows.forEach((row, y) => {
    if (!row) return;
    const mean = (id) => { const p = parents(id); return p.length ? p.reduce((a, f) => a + pos.get(f).x, 0) / p.length : 0; };
    row.sort((a, b) => mean(a) - mean(b));
    const offset = (width - row.length) * (W + GX) / 2;
    row.forEach((id, x) => pos.set(id, { x: PAD + offset + x * (W + GX), y: PAD + y * (H + GY) }));
  });
  return { steps, pos, width: PAD * 2 + width * (W + GX) - GX + 150, height: PAD * 2 + rows.length * (H + GY) - GY, back };
}

/** The step a validator error's path names ("$.steps.chat.next" → "chat"). */
export function stepOfError(path) {
  const m = /^\$?\.?steps[.[]'?"?([^.'"\]]+)/.exec(path ?? '');
  return m ? m[1] : null;
}

export function drawGraph(definition, { errors = [], path = [] } = {}) {
  const { steps, pos, width, height } = layout(definition);
  let detours = 0;
  const errorsByStep = new Map();
  for (const e of errors) {
    const step = stepOfError(e.path);
    if (step) (errorsByStep.get(step) ?? errorsByStep.set(step, []).get(step)).push(e);
  }
  const order = new Map();
  path.forEach((p, n) => { if (!order.has(p.stepId)) order.set(p.stepId, []); order.get(p.stepId).push(n + 1); });
  const taken = new Set(path.slice(1).map((p, n) => path[n].stepId + '→' + p.stepId));

  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'graph', role: 'group', 'aria-label': `Journey ${definition.id ?? ''}: ${Object.keys(steps).length} steps` },
    h('svg:defs', {}, ['plain', 'taken'].map((kind) => h('svg:marker', { id: 'arrow-' + kind, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
      h('svg:path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-' + kind })))));
  const edgeLayer = h('svg:g', { class: 'edges', 'aria-hidden': 'true' });
  const nodeLayer = h('svg:g', { class: 'nodes', role: 'list' });
  svg.append(edgeLayer, nodeLayer);

  for (const [id, step] of Object.entries(steps)) {
    const from = pos.get(id);
    edgesOf(step).forEach((e, n, all) => {
      const to = pos.get(e.to);
      if (!to) return;
      const isTaken = taken.has(id + '→' + e.to);
      const x1 = from.x + W * (n + 1) / (all.length + 1), y1 = from.y + H;
      const x2 = to.x + W / 2, y2 = to.y;
      let d;
      let lx;
      let ly;
      if (to.y > from.y && to.y - from.y <= H + GY) {
        d = `M${x1},${y1} C${x1},${y1 + GY * 0.8} ${x2},${y2 - GY * 0.8} ${x2},${y2}`;
        [lx, ly] = [x1 + (x2 - x1) * 0.2 + 4, y1 + 16];
      } else {
        // skipping layers, or looping back up: round the right-hand side, each such edge a little further out
        const side = Math.max(from.x, to.x) + W + 18 + 34 * (detours++ % 4);
        const [sy, ty] = [from.y + H / 2 + 8 * (n - (all.length - 1) / 2), to.y + H / 2 + (to.y > from.y ? -8 : 8)];
        d = `M${from.x + W},${sy} C${side},${sy} ${side},${ty} ${to.x + W},${ty}`;
        [lx, ly] = [side * 0.75 + (Math.max(from.x, to.x) + W) * 0.25 + 3, (sy + ty) / 2];
      }
      edgeLayer.append(h('svg:path', { d, class: 'edge' + (isTaken ? ' taken' : ''), 'marker-end': `url(#arrow-${isTaken ? 'taken' : 'plain'})` }));
      if (e.label) edgeLayer.append(h('svg:text', { x: lx, y: ly, class: 'edge-label' + (isTaken ? ' taken' : '') }, e.label));
    });
  }

  for (const [id, step] of Object.entries(steps)) {
    const { x, y } = pos.get(id);
    const stepErrors = errorsByStep.get(id) ?? [];
    const visits = order.get(id);
    const isGoal = id === definition.start;
    const label = `${id}, ${step.kind}${isGoal ? ', start' : ''}${visits ? ', simulated step ' + visits.join(' and ') : ''}${stepErrors.length ? ', error: ' + stepErrors.map((e) => e.message).join('; ') : ''}`;
    const g = h('svg:g', { class: `node kind-${step.kind}${stepErrors.length ? ' has-error' : ''}${visits ? ' on-path' : ''}`, role: 'listitem', tabindex: 0, 'aria-label': label, dataset: { step: id }, transform: `translate(${x},${y})` },
      h('svg:title', {}, label),
      h('svg:rect', { width: W, height: H, rx: 8 }),
      h('svg:text', { x: 10, y: 20, class: 'node-id' }, clip(id, 20)),
      h('svg:text', { x: W - 10, y: 20, class: 'node-kind', 'text-anchor': 'end' }, step.kind ?? '?'),
      h('svg:text', { x: 10, y: 40, class: 'node-detail' }, clip(detailOf(step), 26)),
      isGoal ? h('svg:text', { x: 10, y: -6, class: 'start-label' }, 'start') : null,
      visits ? h('svg:g', { class: 'visit' }, h('svg:circle', { cx: W, cy: 0, r: 11 }), h('svg:text', { x: W, y: 4, 'text-anchor': 'middle' }, visits.join(','))) : null,
      stepErrors.length ? h('svg:g', { class: 'error-mark' }, h('svg:circle', { cx: 0, cy: 0, r: 10 }), h('svg:text', { x: 0, y: 4, 'text-anchor': 'middle' }, '!')) : null);
    nodeLayer.append(g);
  }
  // The goal is no step: any of its signals ends the run as converted, wherever it is; drawn beside the start.
  const goals = Array.isArray(definition.goal) ? definition.goal : [];
  if (goals.length && pos.has(definition.start)) {
    const start = pos.get(definition.start);
    const visits = order.get('goal');
    const label = `goal: ${goals.join(' or ')} ends the run as converted${visits ? ', reached in the simulation' : ''}`;
    nodeLayer.append(h('svg:g', { class: 'node goal' + (visits ? ' on-path' : ''), role: 'listitem', tabindex: 0, 'aria-label': label, dataset: { step: 'goal' }, transform: `translate(${start.x + W + 40},${start.y})` },
      h('svg:title', {}, label),
      h('svg:rect', { width: W, height: H, rx: H / 2 }),
      h('svg:text', { x: 16, y: 22, class: 'node-id' }, 'goal → converted'),
      h('svg:text', { x: 16, y: 40, class: 'node-detail' }, clip(goals.join(', '), 24)),
      visits ? h('svg:g', { class: 'visit' }, h('svg:circle', { cx: W, cy: 0, r: 11 }), h('svg:text', { x: W, y: 4, 'text-anchor': 'middle' }, visits.join(','))) : null));
  }
  return svg;
}

const clip = (text, n) => (text.length > n ? text.slice(0, n - 1) + '…' : text);

/** The same graph as text, for screen readers and narrow screens. */
export function graphLegend(definition, goal) {
  return h('p', { class: 'hint' }, `Start: ${definition.start ?? '?'} · goal: ${(goal ?? []).join(', ') || 'none'} · purpose: ${definition.purpose ?? '?'}`);
}
