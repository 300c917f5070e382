// Templates (api/templates…): a template's channel and language variants edited in place, validation errors next
// to the variant they name, and a preview rendered by the hub for a chosen person.
import { h, clear, field, problemView, toast, uid, table } from '../dom.js';
import { api, ApiError } from '../api.js';

const CHANNELS = ['sitechat', 'telegram', 'whatsapp', 'viber', 'email', 'callcenter'];

export async function templatesPage(main, { args, session }) {
  if (args[0]) return templatePage(main, args[0], session);
  const create = h('input', { type: 'text', name: 'new-id', pattern: '[a-z0-9][a-z0-9-]{0,63}', placeholder: 'order-shipped' });
  let list = [];
  let failure = null;
  try { list = await api('templates'); } catch (error) { failure = error; }
  const items = Array.isArray(list) ? list : list.items ?? [];
  main.append(h('section', { class: 'card' }, h('h1', {}, 'Templates'),
    failure ? problemView(failure) : items.length ? table(['Template', 'Name', 'Latest version'], items.map((t) => [
      h('a', { href: '#/templates/' + encodeURIComponent(t.id) }, t.id), t.name ?? '', String(t.version ?? t.latestVersion ?? t.latest ?? ''),
    ])) : h('p', { class: 'empty' }, 'No templates yet.'),
    session.can('Journeys.Manage') ? h('form', { class: 'row', onsubmit: (event) => { event.preventDefault(); if (create.checkValidity() && create.value) session.go('#/templates/' + encodeURIComponent(create.value)); } },
      field('New template id', create), h('button', { type: 'submit' }, 'Create')) : null));
}

async function templatePage(main, id, session) {
  let template;
  try {
    const found = await api('templates/' + encodeURIComponent(id));
    template = found.template;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    template = { name: id, defaultLocale: 'en', variants: [{ channel: 'telegram', locale: 'en', text: 'Hello {{ profile.firstName | default: \'there\' }}' }] };
  }
  const state = { name: template.name ?? '', defaultLocale: template.defaultLocale ?? 'en', variants: structuredClone(template.variants ?? []) };
  const name = h('input', { type: 'text', name: 'name', value: state.name });
  const defaultLocale = h('input', { type: 'text', name: 'defaultLocale', value: state.defaultLocale, size: 6 });
  const variantsBox = h('div', { class: 'variants' });
  const topErrors = h('div', { 'aria-live': 'polite' });
  let errors = [];

  const errorsFor = (path) => errors.filter((e) => e.path === path || e.path?.startsWith(path + '.') || e.path === '$.' + path || e.path?.startsWith('$.' + path + '.'));
  function renderVariants() {
    clear(variantsBox, state.variants.map((v, n) => {
      const at = `variants[${n}]`;
      const channel = h('select', { name: 'channel', onchange: (e) => { v.channel = e.target.value; renderVariants(); } },
        CHANNELS.map((c) => h('option', { value: c, selected: c === v.channel }, c)));
      const locale = h('input', { type: 'text', name: 'locale', value: v.locale ?? '', size: 6, oninput: (e) => { v.locale = e.target.value; } });
      const text = h('textarea', { class: 'code', rows: 4, name: 'text', oninput: (e) => { v.text = e.target.value; } }, v.text ?? '');
      const mark = (control, key) => {
        const own = errorsFor(`${at}.${key}`);
        if (!own.length) return control;
        const msg = h('p', { class: 'field-error', id: uid('err') }, own.map((e) => e.message).join(' '));
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-errormessage', msg.id);
        return [control, msg];
      };
      const email = v.channel === 'email';
      const subject = email ? h('input', { type: 'text', name: 'subject', value: v.subject ?? '', oninput: (e) => { v.subject = e.target.value; } }) : null;
      const html = email ? h('textarea', { class: 'code', rows: 4, name: 'html', oninput: (e) => { v.html = e.target.value; } }, v.html ?? '') : null;
      const whole = errors.filter((e) => e.path === at || e.path === '$.' + at);
      return h('fieldset', { class: 'variant' + (errorsFor(at).length ? ' has-error' : '') },
        h('legend', {}, `${v.channel ?? '?'} · ${v.locale || 'default'}`),
        whole.length ? h('p', { class: 'field-error' }, whole.map((e) => e.message).join(' ')) : null,
        h('div', { class: 'row' }, field('Channel', channel), field('Locale', mark(locale, 'locale')),
          h('button', { type: 'button', class: 'link', onclick: () => { state.variants.splice(n, 1); renderVariants(); } }, 'Remove variant')),
        email ? labelled('Subject', mark(subject, 'subject')) : null,
        labelled('Text (Liquid)', mark(text, 'text')),
        email ? labelled('HTML (Liquid)', mark(html, 'html')) : null);
    }));
  }
  const labelled = (label, control) => field(label, Array.isArray(control) ? control[0] : control, Array.isArray(control) ? control[1].textContent : undefined);

  const save = h('button', { class: 'primary', type: 'submit', disabled: !session.can('Journeys.Manage') }, 'Save new version');
  const form = h('form', { class: 'card', 'aria-labelledby': 'tpl-h', onsubmit: async (event) => {
    event.preventDefault();
    const body = { id, name: name.value, defaultLocale: defaultLocale.value, variants: state.variants };
    try {
      const saved = await api('templates/' + encodeURIComponent(id), { method: 'PUT', body });
      errors = [];
      clear(topErrors);
      toast(`Saved ${id}${saved?.version ? ' version ' + saved.version : ''}`);
      renderVariants();
      preview();
    } catch (error) {
      errors = Array.isArray(error.problem?.errors) ? error.problem.errors : [];
      clear(topErrors, problemView(error));
      renderVariants();
    }
  } }, h('h1', { id: 'tpl-h' }, 'Template ', h('code', {}, id)),
  h('div', { class: 'row' }, field('Name', name), field('Default locale', defaultLocale)),
  variantsBox,
  h('div', { class: 'actions' },
    h('button', { type: 'button', onclick: () => { state.variants.push({ channel: 'telegram', locale: '', text: '' }); renderVariants(); } }, 'Add variant'), save),
  topErrors);

  const person = h('input', { type: 'text', name: 'profileId', placeholder: 'profile id' });
  const previewChannel = h('select', { name: 'preview-channel' }, h('option', { value: '' }, 'every channel'), CHANNELS.map((c) => h('option', { value: c }, c)));
  const previewLocale = h('input', { type: 'text', name: 'preview-locale', size: 6, placeholder: 'de-AT' });
  const renders = h('div', { 'aria-live': 'polite' });
  async function preview() {
    if (!person.value.trim()) { clear(renders, h('p', { class: 'hint' }, 'Pick a person to preview the saved version for them.')); return; }
    try {
      const result = await api(`templates/${encodeURIComponent(id)}/preview`, { method: 'POST',
        body: { profileId: person.value.trim(), channel: previewChannel.value || undefined, locale: previewLocale.value || undefined } });
      clear(renders, (result.renders ?? []).map((r) => h('article', { class: 'render' },
        h('h3', {}, `${r.channel} · ${r.resolvedLocale ?? r.locale}`, r.fellBack?.length ? h('span', { class: 'badge none' }, 'fell back: ' + r.fellBack.join(', ')) : null),
        r.subject ? h('p', {}, h('strong', {}, 'Subject: '), r.subject) : null,
        h('pre', { class: 'render-text' }, r.text),
        r.html ? h('details', {}, h('summary', {}, 'HTML part'), h('pre', { class: 'render-text' }, r.html)) : null)));
    } catch (error) { clear(renders, problemView(error)); }
  }
  const previewForm = h('form', { class: 'card', 'aria-labelledby': 'prev-h', onsubmit: (event) => { event.preventDefault(); preview(); } },
    h('h2', { id: 'prev-h' }, 'Preview'), h('div', { class: 'row' }, field('Person', person), field('Channel', previewChannel), field('Locale', previewLocale),
      h('button', { type: 'submit' }, 'Preview')), renders);
  main.append(h('div', { class: 'journey-grid' }, form, previewForm));
  renderVariants();
  preview();
}
