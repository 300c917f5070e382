import { token, signOut } from './auth.js';

/** An API failure carrying the RFC 9457 problem body when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the hub's API under /api with the signed-in user's bearer token. */
export async function api(path, { method = 'GET', body, accept = 'application/json', raw = false } = {}) {
  const headers = { Accept: accept, Authorization: 'Bearer ' + (await token()) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(new URL('../api/' + path, location.href), {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    signOut();
    throw new ApiError(401, { detail: 'Your sign-in expired: sign in again.' });
  }
  if (!response.ok) {
    const type = response.headers.get('content-type') ?? '';
    throw new ApiError(response.status, type.includes('json') ? await response.json() : { detail: `HTTP ${response.status} ${response.statusText}` });
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

export const q = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')).toString();
