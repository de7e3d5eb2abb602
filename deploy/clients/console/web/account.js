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
 * Mails a confirmation link to the new address; the address changes only when it is followed. The answer is
 * the same whether or not the address belongs to another account.
 * @param {string} newEmail
 */
export function changeEmail(newEmail) {
  return auth('/api/auth/change-email', { method: 'POST', json: { newEmail } });
}

/** @returns {Promise<import('./api.js').LinkedAccount[]>} the ways the person signs in (`credential`: the password) */
export function listAccounts() {
  return auth('/api/auth/list-accounts');
}

/** @param {import('./api.js').LinkedAccount} account */
export function unlinkAccount(account) {
  return auth('/api/auth/unlink-account', { method: 'POST', json: { providerId: account.providerId, accountId: account.accountId } });
}
