// @ts-check
// Who is signed in, and the access token that jobs-service needs.
//
// The session lives in auth-service's HttpOnly cookie `mosaic_session`, which this page can neither read
// nor leak: every call to auth-service goes with `credentials: 'include'` (auth-service allows this origin
// with credentials). The session token that sign-in also puts in its body is dropped on the spot. The
// short-lived access JWT is kept in memory only and traded anew from the session (GET /api/auth/token)
// before it expires; a reload simply trades again.
import { ProblemError, callJson, config } from './api.js';

/** @typedef {import('./api.js').AuthUser} AuthUser */

/** @type {AuthUser|null} */
let user = null;
/** @type {{ token: string, renewAt: number, expiresAt: number }|null} */
let access = null;
/** @type {Promise<string>|null} */
let renewing = null;
/** @type {ReturnType<typeof setTimeout>|undefined} */
let renewTimer;
/** @type {Set<(why: string) => void>} */
const signedOutListeners = new Set();

/**
 * A call to auth-service with the session cookie.
 * @param {string} path
 * @param {RequestInit & { json?: unknown }} [init]
 * @returns {Promise<any>}
 */
export function auth(path, init = {}) {
  return callJson(config.authUrl + path, { ...init, credentials: 'include' });
}

/**
 * A call with the current access token as a bearer token; a 401 (the token expired, or its key rotated under
 * us) is repeated once with a fresh token.
 * @param {string} url
 * @param {RequestInit & { json?: unknown }} [init]
 * @returns {Promise<any>}
 */
export async function withToken(url, init = {}) {
  const send = (/** @type {string} */ token) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return callJson(url, { ...init, headers });
  };
  try {
    return await send(await accessToken());
  } catch (e) {
    if (e instanceof ProblemError && e.status === 401) return send(await renew());
    throw e;
  }
}

/** The signed-in person, or null. */
export function currentUser() {
  return user;
}

/** @param {(why: string) => void} listener called when the session ends without the person signing out here */
export function onSignedOut(listener) {
  signedOutListeners.add(listener);
}

/** @returns {Promise<import('./api.js').SignInProvider[]>} */
export function providers() {
  return auth('/api/auth/providers');
}

/**
 * A provider's sign-in is a navigation, not a fetch: the browser comes back here with the session cookie.
 * @param {import('./api.js').SignInProvider} provider
 */
export function signInWith(provider) {
  const back = `${location.origin}/jobs`;
  location.assign(`${config.authUrl}${provider.signInPath}?callbackURL=${encodeURIComponent(back)}`);
}

/**
 * Signs no one in: auth-service answers "check your mail" (202) alike whether or not the address has an
 * account, and the mail says what comes next (a confirmation link, or that the address has an account).
 * @param {{ email: string, password: string, name: string }} body
 * @returns {Promise<{ message: string }>}
 */
export function signUp(body) {
  return auth('/api/auth/sign-up/email', { method: 'POST', json: body });
}

/**
 * Confirms the address with the token of the mailed link; auth-service signs its owner in.
 * @param {string} token
 * @param {string} password the one chosen at sign-up, which a sign-up's link needs; empty for a link asked for
 *     when signed in (send-verification-email), which needs none
 */
export async function verifyEmail(token, password) {
  return adoptSignedIn(await auth('/api/auth/verify-email', { method: 'POST', json: password ? { token, password } : { token } }));
}

/** @param {{ email: string, password: string }} body */
export async function signIn(body) {
  return adoptSignedIn(await auth('/api/auth/sign-in/email', { method: 'POST', json: body }));
}

/** @param {import('./api.js').SignedIn} signedIn */
function adoptSignedIn(signedIn) {
  user = signedIn.user;
  adoptToken(signedIn.accessToken);
  return user;
}

/** @param {string} email the answer is the same whether or not the email has an account */
export async function requestPasswordReset(email) {
  await auth('/api/auth/request-password-reset', { method: 'POST', json: { email } });
}

/**
 * Sets a new password with the token of a mailed reset link; it ends every session of the user.
 * @param {string} token
 * @param {string} newPassword
 */
export async function resetPassword(token, newPassword) {
  await auth('/api/auth/reset-password', { method: 'POST', json: { token, newPassword } });
}

/** On page load: the session of the cookie, if there is one. */
export async function resume() {
  try {
    /** @type {import('./api.js').CurrentSession} */
    const current = await auth('/api/auth/get-session');
    user = current.user;
    await renew();
    return user;
  } catch (e) {
    if (e instanceof ProblemError && e.status === 401) return null;
    throw e;
  }
}

export async function signOut() {
  try {
    await auth('/api/auth/sign-out', { method: 'POST' });
  } finally {
    forget();
  }
}

/**
 * Deletes the person's account (auth-service ends its sessions and clears the cookie), then forgets it here.
 * @param {string} password the account's password; empty for an account without one (single sign-on only),
 *     which needs a recent sign-in instead
 */
export async function deleteAccount(password) {
  await auth('/api/auth/delete-user', { method: 'POST', json: password ? { password } : {} });
  forget();
}

/**
 * Confirms a new address with the token of the link mailed to it; no session is needed. If this page is
 * signed in, the person shown is read again (with the new address).
 * @param {string} token
 */
export async function verifyEmailChange(token) {
  await auth('/api/auth/verify-email-change', { method: 'POST', json: { token } });
  if (user !== null) await resume();
}

/** @returns {Promise<import('./api.js').SessionView[]>} */
export function listSessions() {
  return auth('/api/auth/list-sessions');
}

/** @param {import('./api.js').SessionView} session */
export async function revokeSession(session) {
  await auth('/api/auth/revoke-session', { method: 'POST', json: { sessionId: session.id } });
  if (session.current) ended('You revoked this session.');
}

/** @returns {Promise<{ revoked: number }>} */
export function revokeOtherSessions() {
  return auth('/api/auth/revoke-other-sessions', { method: 'POST' });
}

/**
 * A valid access token: the one in memory, or a new one from the session when it is about to expire.
 * @returns {Promise<string>}
 */
export async function accessToken() {
  if (access && Date.now() < access.renewAt) return access.token;
  return renew();
}

/**
 * Trades the session for a new access token now (one call at a time, whoever asks). A 401 means the
 * session is over (signed out elsewhere, revoked, expired): everyone hears of it.
 * @returns {Promise<string>}
 */
export function renew() {
  renewing ??= auth('/api/auth/token')
    .then((/** @type {import('./api.js').AccessTokenResponse} */ token) => adoptToken(token))
    .catch((e) => {
      if (e instanceof ProblemError && e.status === 401) {
        ended('Your session has ended. Please sign in again.');
      } else if (access && Date.now() < access.expiresAt) {
        schedule(Math.min(5000, access.expiresAt - Date.now())); // auth-service unreachable: try again soon
      }
      throw e;
    })
    .finally(() => { renewing = null; });
  return renewing;
}

/**
 * Keeps the token and schedules its renewal once less than a minute, or a fifth of its lifetime, is left
 * (the rule the coordinator client follows too), so a stream that reconnects always has a valid one.
 * @param {import('./api.js').AccessTokenResponse} token
 */
function adoptToken(token) {
  const now = Date.now();
  const lifetime = token.expires_in * 1000;
  const margin = Math.min(Math.max(60_000, lifetime / 5), lifetime / 2);
  access = { token: token.access_token, renewAt: now + lifetime - margin, expiresAt: now + lifetime };
  schedule(lifetime - margin);
  return access.token;
}

/** @param {number} delay */
function schedule(delay) {
  clearTimeout(renewTimer);
  renewTimer = setTimeout(() => { renew().catch(() => { /* reported by renew() */ }); }, Math.max(0, delay));
}

/** @param {string} why */
function ended(why) {
  const wasSignedIn = user !== null;
  forget();
  if (wasSignedIn) signedOutListeners.forEach((listener) => listener(why));
}

function forget() {
  clearTimeout(renewTimer);
  user = null;
  access = null;
}
