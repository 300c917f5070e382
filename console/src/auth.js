// Sign-in. In Azure: Entra ID with MSAL (authorization code + PKCE, redirect flow). On the local host: the development
// sign-in, where the developer picks app roles and the host's own OpenID provider mints a token for them.
// Either way the roles in the token's "roles" claim decide which buttons show; the API checks them again.
import { h, clear, field, problemView } from './dom.js';

export const ALL_ROLES = ['Profiles.Read', 'Profiles.Manage', 'Journeys.Manage', 'Journeys.Run', 'Conversions.Write', 'Reports.Read'];
const STORE = 'omni.console.token';
let config;
let msal;
let account;

export async function startAuth() {
  config = await (await fetch('config.json', { headers: { Accept: 'application/json' } })).json();
  if (config.signIn === 'entra') {
    const { PublicClientApplication } = await import('@azure/msal-browser');
    msal = new PublicClientApplication({
      auth: { clientId: config.clientId, authority: config.authority, redirectUri: new URL('./', location.href).href },
      cache: { cacheLocation: 'sessionStorage' },
    });
    await msal.initialize();
    const result = await msal.handleRedirectPromise();
    account = result?.account ?? msal.getAllAccounts()[0];
    if (account) msal.setActiveAccount(account);
  }
  return config;
}

export const signInMode = () => config?.signIn;

export function isSignedIn() {
  if (config.signIn === 'entra') return !!account;
  const stored = readStored();
  return !!stored && stored.expires > Date.now() + 60_000;
}

function readStored() {
  try { return JSON.parse(sessionStorage.getItem(STORE)); } catch { return null; }
}

export async function token() {
  if (config.signIn === 'entra') {
    try {
      return (await msal.acquireTokenSilent({ scopes: config.scopes, account })).accessToken;
    } catch {
      await msal.acquireTokenRedirect({ scopes: config.scopes, account });
      return new Promise(() => {});  // the page leaves for the sign-in
    }
  }
  return readStored()?.token ?? '';
}

/** The app roles of the current token (from its payload; the signature is the API's to check). */
export async function roles() {
  const jwt = await token();
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return { roles: [].concat(payload.roles ?? []), name: payload.name ?? payload.preferred_username ?? payload.sub ?? 'signed in' };
  } catch {
    return { roles: [], name: '' };
  }
}

export function signOut() {
  sessionStorage.removeItem(STORE);
  if (config?.signIn === 'entra' && account) msal.logoutRedirect({ account });
}

/** The sign-in page: a button for Entra ID, or the development sign-in's role picker. */
export function signInPage(main, onSignedIn) {
  if (config.signIn === 'entra') {
    clear(main, h('section', { class: 'card narrow' }, h('h1', {}, 'Sign in'),
      h('p', {}, 'Sign in with your organisation account. What you can do here depends on the app roles you were given.'),
      h('button', { class: 'primary', onclick: () => msal.loginRedirect({ scopes: config.scopes }) }, 'Sign in with Microsoft')));
    return;
  }
  if (config.signIn !== 'development') {
    clear(main, h('section', { class: 'card narrow' }, h('h1', {}, 'Sign-in is not configured'), h('p', {}, config.reason ?? '')));
    return;
  }
  // The mint secret arrives in the link's fragment (./scripts/console-url); it never reaches a server log.
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('dev-secret');
  if (fromLink) history.replaceState(null, '', location.pathname);
  const secret = h('input', { type: 'password', name: 'secret', autocomplete: 'off', value: fromLink ?? sessionStorage.getItem('omni.console.devsecret') ?? '' });
  const boxes = ALL_ROLES.map((role) => h('input', { type: 'checkbox', name: 'role', value: role, checked: true }));
  const status = h('div');
  const form = h('form', { class: 'card narrow', onsubmit: async (event) => {
    event.preventDefault();
    const picked = boxes.filter((b) => b.checked).map((b) => b.value);
    const response = await fetch(config.tokenUrl + '?' + picked.map((r) => 'role=' + encodeURIComponent(r)).join('&'), {
      method: 'POST', headers: { [config.secretHeader]: secret.value.trim() },
    });
    if (!response.ok) {
      clear(status, problemView({ message: response.status === 404 ? 'The local host refused: check the secret (./scripts/console-url prints a link with it).' : 'Pick at least one role.' }));
      return;
    }
    const body = await response.json();
    sessionStorage.setItem('omni.console.devsecret', secret.value.trim());
    sessionStorage.setItem(STORE, JSON.stringify({ token: body.access_token, expires: Date.now() + body.expires_in * 1000 }));
    onSignedIn();
  } },
  h('h1', {}, 'Development sign-in'),
  h('p', {}, 'The local host signs you in as a developer with the app roles you pick. Azure uses Entra ID instead.'),
  field('Mint secret', secret, 'Open the link ./scripts/console-url prints, or paste .azurite/dev-identity-mint-secret.'),
  h('fieldset', {}, h('legend', {}, 'App roles'), boxes.map((box) => h('label', { class: 'check' }, box, ' ', box.value))),
  status,
  h('button', { class: 'primary', type: 'submit' }, 'Sign in'));
  clear(main, form);
}
