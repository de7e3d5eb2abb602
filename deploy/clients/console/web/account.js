// @ts-check
// auth-service's account calls, with the session cookie (deleting the account is in session.js, which then
// forgets the session).
import { auth, resume } from './session.js';

/**
 * Renames the person, then reads them again: the name shows here and reaches the access tokens minted from now.
 * @param {string} name
 */
export async function rename(name) {
  await auth('/api/auth/update-user', { method: 'POST', json: { name } });
  await resume();
}

/**
 * Every other session of the person ends; this one stays.
 * @param {string} currentPassword
 * @param {string} newPassword
 */
export function changePassword(currentPassword, newPassword) {
  return auth('/api/auth/change-password', { method: 'POST', json: { currentPassword, newPassword } });
}

/**
 * Mails a confirmation link to the new address; the address changes only when it is followed, while this session
 * is still signed in. The answer is the same whether or not the address belongs to another account.
 * @param {string} newEmail
 * @param {string} password the account's password; empty for an account without one (single sign-on only),
 *     which needs a recent sign-in instead
 */
export function changeEmail(newEmail, password) {
  return auth('/api/auth/change-email', { method: 'POST', json: password ? { newEmail, password } : { newEmail } });
}

/** @returns {Promise<import('./api.js').LinkedAccount[]>} the ways the person signs in (`credential`: the password) */
export function listAccounts() {
  return auth('/api/auth/list-accounts');
}

/** @param {import('./api.js').LinkedAccount} account */
export function unlinkAccount(account) {
  return auth('/api/auth/unlink-account', { method: 'POST', json: { providerId: account.providerId, accountId: account.accountId } });
}

/**
 * Starts linking a provider to this account: auth-service sets this browser's state cookie and names the page to
 * navigate to, whence the browser goes on to the provider and comes back to `/account`, with `?error=` when the
 * link failed.
 * @param {import('./api.js').SignInProvider} provider
 * @param {string} password empty for an account without one, which needs a recent sign-in instead
 */
export async function linkProvider(provider, password) {
  const callbackURL = `${location.origin}/account?linked=${encodeURIComponent(provider.id)}`;
  const { url } = await auth('/api/auth/link-social', { method: 'POST', json: { provider: provider.id, callbackURL, password } });
  location.assign(url);
}
