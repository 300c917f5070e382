// A tiny DOM builder: h('button', { onclick, class: 'x' }, 'text', child). Text is always set as text, never as HTML.
export function h(tag, props, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.setAttribute('class', value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (!svg && key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let toastTimer;
export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.className = 'toast ' + kind;
  el.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.textContent = ''; el.className = ''; }, 6000);
}

export const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');

let ids = 0;
export const uid = (prefix) => `${prefix}-${++ids}`;

/** A labelled form field; the label is tied to the control for screen readers. */
export function field(label, control, hint) {
  control.id ||= uid('f');
  const hintEl = hint ? h('small', { id: control.id + '-hint', class: 'hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** Shows an API failure: the problem's detail and, when there are, each error with its path. */
export function problemView(error) {
  const errors = error?.problem?.errors;
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', {}, error?.message ?? String(error)),
    Array.isArray(errors) && errors.length ? h('ul', {}, errors.map((e) => h('li', {}, h('code', {}, e.path ?? ''), ' ', e.message ?? ''))) : null);
}

/** A table that scrolls sideways on its own (and can take focus for it) when it is wider than the screen. */
export function table(headers, rows) {
  const shown = headers.map((x, n) => [x, n]).filter(([x]) => x !== null);
  return h('div', { class: 'table-wrap', tabindex: 0 }, h('table', {},
    h('thead', {}, h('tr', {}, shown.map(([x]) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, shown.map(([, n]) => h('td', {}, row[n])))))));
}

/** Saves text as a file through the browser's download. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
