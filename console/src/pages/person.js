// Person: find anyone by any identifier and see everything about them on one page: identifiers and trust, consent
// with evidence, merge history and suggestions, the whole cross-channel timeline, their journey runs, GDPR actions.
import { h, clear, fmtTime, field, problemView, toast, table, download } from '../dom.js';
import { api, q, ApiError } from '../api.js';

const KINDS = [
  ['auto', 'Any identifier'], ['phone', 'Phone'], ['email', 'Email'], ['telegram', 'Telegram id'], ['whatsapp', 'WhatsApp id'],
  ['viber', 'Viber id'], ['visitor', 'Site visitor id'], ['user', 'Site user id'], ['id', 'Profile id'],
];
const CONTACT_KINDS = ['phone', 'email', 'telegram', 'whatsapp', 'viber', 'visitor'];
const PAGE_SIZE = 20;

/** The lookups to try for a typed value, most likely first (a string of digits may be a phone or a chat id). */
export function lookupsFor(kind, value) {
  const v = value.trim();
  if (kind === 'id') return [{ path: 'profiles/' + encodeURIComponent(v) }];
  if (kind !== 'auto') return [{ path: 'profiles?' + q({ [kind]: v }) }];
  if (v.includes('@')) return [{ path: 'profiles?' + q({ email: v }) }];
  const found = [];
  if (/^p[0-9a-f]{24}$/.test(v)) found.push({ path: 'profiles/' + v });
  if (/^\+?[\d\s().-]{6,}$/.test(v)) found.push({ path: 'profiles?' + q({ phone: v.startsWith('+') || v.startsWith('00') ? v : '+' + v.replace(/\D/g, '') }) });
  if (/^\d+$/.test(v)) found.push(...['telegram', 'whatsapp', 'viber'].map((k) => ({ path: 'profiles?' + q({ [k]: v }) })));
  found.push(...['visitor', 'user', 'viber'].map((k) => ({ path: 'profiles?' + q({ [k]: v }) })));
  return found;
}

export async function personPage(main, { args, query, session }) {
  const kind = h('select', { name: 'kind' }, KINDS.map(([value, label]) => h('option', { value }, label)));
  const value = h('input', { type: 'search', name: 'q', required: true, placeholder: '+49 151 1234 5678, anna@…, 777', value: query.get('q') ?? '' });
  const result = h('div', { id: 'person' });
  const form = h('form', { class: 'search', role: 'search', onsubmit: async (event) => {
    event.preventDefault();
    clear(result, h('p', {}, 'Searching…'));
    for (const lookup of lookupsFor(kind.value, value.value)) {
      try {
        const profile = await api(lookup.path);
        session.go('#/person/' + encodeURIComponent(profile.id));
        return;
      } catch (error) {
        if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 400)) { clear(result, problemView(error)); return; }
      }
    }
    clear(result, h('p', { class: 'empty', role: 'status' }, 'Nobody has that identifier.'));
  } }, h('h1', { class: 'sr-only' }, 'Find a person'), field('Identifier type', kind), field('Identifier', value), h('button', { class: 'primary', type: 'submit' }, 'Find'));
  main.append(form, result);
  if (args[0]) await showPerson(result, args[0], session);
  else value.focus();
}

async function showPerson(root, id, session) {
  const profile = await api('profiles/' + encodeURIComponent(id));
  if (profile.id !== id) { session.go('#/person/' + profile.id); return; }  // merged: follow the survivor
  const manage = session.can('Profiles.Manage');
  const [consents, suggestions, mergeList, runList] = await Promise.all([
    api(`profiles/${id}/consents`),
    api(`profiles/${id}/merge-suggestions`),
    api(`profiles/${id}/merges`),
    api(`profiles/${id}/runs`),
  ]);
  const reload = () => { clear(root); return showPerson(root, id, session); };
  clear(root,
    h('div', { class: 'person-grid' },
      h('div', { class: 'col summary' }, summary(profile)),
      h('div', { class: 'col wide' }, timeline(id)),
      h('div', { class: 'col details' },
        identifiers(profile, manage, reload),
        consentTable(profile, consents, manage, reload),
        merges(mergeList, suggestions, manage, id, reload),
        runs(runList),
        gdpr(profile, manage, session))));
}

function summary(p) {
  return h('section', { class: 'card', 'aria-labelledby': 'person-name' },
    h('h1', { id: 'person-name' }, p.displayName ?? 'Unnamed person'),
    h('dl', { class: 'facts' },
      fact('Profile', h('code', {}, p.id)), fact('Created', fmtTime(p.createdAt)), fact('Last seen', fmtTime(p.lastSeenAt)),
      fact('Last channel', p.lastChannel), fact('Preferred channel', p.effectivePreferredChannel), fact('Locale', p.locale), fact('Time zone', p.timeZone),
      fact('Messages in', Object.entries(p.channelCounts ?? {}).map(([c, n]) => `${channelName(c)} ${n}`).join(', '))));
}

const fact = (label, value) => (value ? [h('dt', {}, label), h('dd', {}, value)] : null);

/** Caller ids are asserted by the phone network; channel ids were proven by the channel; claims were typed. */
const trustOf = (kind) => (kind === 'caller' ? 'network' : 'verified');

function identifiers(p, manage, reload) {
  const rows = [
    ...p.identifiers.map((i) => ({ ...i, trust: trustOf(i.kind), at: i.linkedAt, from: i.source })),
    ...(p.claims ?? []).map((c) => ({ ...c, trust: 'claimed', at: c.claimedAt, from: c.channel })),
  ];
  return h('section', { class: 'card' }, h('h2', {}, 'Identifiers'),
    table(['Kind', 'Value', 'Trust', 'Source', 'Since', manage ? 'Actions' : null], rows.map((i) => [
      i.kind, h('code', {}, i.value), h('span', { class: 'badge trust-' + i.trust }, i.trust), i.from, fmtTime(i.at),
      manage ? (i.trust === 'claimed' ? inlineAction('Verify', 'How was it verified?', async (evidence) => {
        await api(`profiles/${p.id}/identifiers/${encodeURIComponent(i.kind + ':' + i.value)}/verification`, { method: 'PUT', body: { evidence } });
        toast('Verified ' + i.kind);
        await reload();
      }) : '') : null,
    ])));
}

function consentTable(p, consents, manage, reload) {
  const points = new Set(consents.map((c) => c.contactPoint));
  for (const i of p.identifiers) if (CONTACT_KINDS.includes(i.kind) && i.kind !== 'visitor') points.add(`${i.kind}:${i.value}`);
  const rows = [];
  for (const point of [...points].sort()) {
    for (const purpose of ['marketing', 'transactional']) {
      const record = consents.find((c) => c.contactPoint === point && c.purpose === purpose);
      if (!record && purpose === 'transactional') continue;  // transactional messages need no opt-in until someone opts out
      rows.push({ point, purpose, record });
    }
  }
  return h('section', { class: 'card' }, h('h2', {}, 'Consent'),
    table(['Contact point', 'Purpose', 'State', 'Evidence', manage ? 'Change' : null], rows.map(({ point, purpose, record }) => [
      h('code', {}, point), purpose,
      h('span', { class: 'badge ' + (record ? (record.granted ? 'ok' : 'bad') : 'none') }, record ? (record.granted ? 'granted' : 'withdrawn') : 'not given'),
      record ? h('span', {}, record.evidence ?? '—', h('br'), h('small', {}, `${record.source}${record.actor ? ' · ' + record.actor : ''} · ${fmtTime(record.changedAt)}`)) : '—',
      manage ? inlineAction(record?.granted ? 'Withdraw' : 'Grant', 'Evidence (what the person said or signed)', async (evidence) => {
        await api(`profiles/${p.id}/consents/${encodeURIComponent(point)}/${purpose}`, { method: 'PUT', body: { granted: !record?.granted, evidence } });
        toast(`Consent ${record?.granted ? 'withdrawn' : 'granted'} for ${point}`);
        await reload();
      }, `${record?.granted ? 'Withdraw' : 'Grant'} ${purpose} consent for ${point}`) : null,
    ])));
}

function merges(merged, suggestions, manage, id, reload) {
  return h('section', { class: 'card' }, h('h2', {}, 'Merges'),
    merged.length === 0 ? h('p', { class: 'empty' }, 'No profile was merged into this one.')
      : table(['Merged profile', 'When', 'Why', 'By', ''], merged.map((m) => [
        h('a', { href: '#/person/' + m.profileId }, h('code', {}, m.profileId)), fmtTime(m.at), m.reason, m.actor,
        m.unmerged ? h('span', { class: 'badge none' }, 'unmerged') : manage ? h('button', { class: 'danger', onclick: async (event) => {
          event.currentTarget.disabled = true;
          try {
            await api(`profiles/${id}/merges/${encodeURIComponent(m.profileId)}`, { method: 'DELETE' });
            toast('Unmerged ' + m.profileId);
            await reload();
          } catch (error) { event.target.replaceWith(problemView(error)); }
        }, 'aria-label': 'Unmerge ' + m.profileId }, 'Unmerge') : null,
      ])),
    h('h3', {}, 'Suggestions'),
    suggestions.length === 0 ? h('p', { class: 'empty' }, 'No merge suggestions.')
      : table(['Profile', 'Because of', 'Reason', manage ? '' : null], suggestions.map((s) => [
        h('a', { href: '#/person/' + s.profileId }, h('code', {}, s.profileId)), `${s.kind}: ${s.value}`, s.reason,
        manage ? h('button', { onclick: async () => {
          await api(`profiles/${id}/merges`, { method: 'POST', body: { profileId: s.profileId } });
          toast('Merged ' + s.profileId);
          await reload();
        }, 'aria-label': 'Confirm merge with ' + s.profileId }, 'Confirm merge') : null,
      ])));
}

function runs(list) {
  return h('section', { class: 'card' }, h('h2', {}, 'Journey runs'),
    list.length === 0 ? h('p', { class: 'empty' }, 'No journey runs.')
      : table(['Journey', 'Status', 'Started', 'Path'], list.map((r) => [
        h('a', { href: '#/journeys/' + encodeURIComponent(r.journeyId) }, `${r.journeyId} v${r.version}`),
        h('span', { class: 'badge ' + (r.outcome === 'converted' ? 'ok' : r.status === 'running' ? 'info' : 'none') }, r.outcome ?? r.status),
        fmtTime(r.startedAt), (r.path ?? []).map((s) => s.stepId).join(' → ') || '—',
      ])));
}

function gdpr(p, manage) {
  if (!manage) return null;
  const typed = h('input', { type: 'text', autocomplete: 'off', name: 'confirm-erase' });
  const suppress = h('input', { type: 'checkbox', name: 'suppress' });
  const erase = h('button', { class: 'danger', type: 'submit', disabled: true }, 'Erase this person');
  typed.addEventListener('input', () => { erase.disabled = typed.value.trim() !== p.id; });
  return h('section', { class: 'card' }, h('h2', {}, 'Privacy (GDPR)'),
    h('button', { onclick: async () => {
      const data = await api(`profiles/${p.id}/export`);
      download(`${p.id}-export.json`, JSON.stringify(data, null, 2), 'application/json');
    } }, 'Export everything (JSON)'),
    h('form', { class: 'erase', onsubmit: async (event) => {
      event.preventDefault();
      if (typed.value.trim() !== p.id) return;
      await api(`profiles/${p.id}?` + q({ suppress: suppress.checked ? 'true' : undefined }), { method: 'DELETE' });
      toast('Erased ' + p.id);
      location.hash = '#/person';
    } },
    field(`Type the profile id (${p.id}) to erase`, typed, 'Erasure deletes the profile, identities, timeline and runs; it cannot be undone.'),
    h('label', { class: 'check' }, suppress, ' Keep a suppression entry so the person is not contacted again'),
    erase));
}

function timeline(id) {
  const list = h('ol', { class: 'timeline', 'aria-label': 'Timeline, newest first' });
  const more = h('button', { class: 'more' }, 'Load older');
  const section = h('section', { class: 'card', 'aria-labelledby': 'timeline-h' }, h('h2', { id: 'timeline-h' }, 'Timeline'), list, more);
  let continuation;
  async function load() {
    more.disabled = true;
    try {
      const page = await api(`profiles/${id}/timeline?` + q({ pageSize: PAGE_SIZE, continuation }));
      list.append(...page.items.map(entry));
      continuation = page.continuation;
      if (!page.items.length && !list.children.length) list.append(h('li', { class: 'empty' }, 'Nothing yet.'));
      more.hidden = !continuation;
    } catch (error) {
      section.append(problemView(error));
    } finally { more.disabled = false; }
  }
  more.addEventListener('click', load);
  load();
  return section;
}

const CHANNEL_NAMES = { sitechat: 'Site chat', telegram: 'Telegram', whatsapp: 'WhatsApp', viber: 'Viber', email: 'Email', callcenter: 'Call center' };
export const channelName = (c) => CHANNEL_NAMES[c] ?? c;

const STATES = { received: 'received', sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed', skipped: 'skipped', deferred: 'deferred', completed: 'completed' };

function entry(e) {
  const i = e.interaction ?? {};
  const state = STATES[e.type.split('.').pop()] ?? e.type.replace(/^omni\./, '');
  const inbound = i.direction === 'inbound';
  return h('li', { class: `event ${inbound ? 'in' : 'out'} ch-${e.channel}`, dataset: { channel: e.channel } },
    h('div', { class: 'meta' },
      h('span', { class: 'channel' }, channelName(e.channel)), ' ', h('span', { class: 'badge state-' + state }, state), ' ',
      h('time', { datetime: e.time }, fmtTime(e.time)),
      i.journey ? h('a', { class: 'step', href: `#/journeys/${encodeURIComponent(i.journey.journeyId)}` }, `${i.journey.journeyId} › ${i.journey.stepId}`) : null,
      i.template ? h('span', { class: 'tpl' }, 'template ' + i.template) : null),
    i.text ? h('p', { class: 'text' }, i.text) : e.type === 'omni.call.completed' ? h('p', { class: 'text' }, 'Call ' + (i.call?.outcome ?? i.outcome ?? 'completed')) : null,
    i.error ? h('p', { class: 'error' }, `${i.error.code}: ${i.error.message}`) : null);
}

/** A button that opens a small inline form asking for one line (evidence), then runs the action. */
function inlineAction(label, prompt, action, ariaLabel) {
  const holder = h('div', { class: 'inline-action' });
  const open = h('button', { 'aria-label': ariaLabel ?? label, onclick: () => {
    const input = h('input', { type: 'text', required: true, name: 'evidence' });
    const form = h('form', { onsubmit: async (event) => {
      event.preventDefault();
      try { await action(input.value.trim()); } catch (error) { form.append(problemView(error)); }
    } }, field(prompt, input), h('button', { class: 'primary', type: 'submit' }, 'Confirm ' + label.toLowerCase()),
    h('button', { type: 'button', onclick: () => clear(holder, open) }, 'Cancel'));
    clear(holder, form);
    input.focus();
  } }, label);
  holder.append(open);
  return holder;
}
