// @ts-check
// auth-service's admin calls: an access token with the `admin` role, as a bearer token (the session cookie is
// not enough for them).
import { config } from './api.js';
import { withToken } from './session.js';

/**
 * @param {string} path
 * @param {RequestInit & { json?: unknown }} [init]
 */
const admin = (path, init) => withToken(`${config.authUrl}/api/auth/admin${path}`, init);
/** @param {string} clientId */
const client = (clientId) => `/service-clients/${encodeURIComponent(clientId)}`;

/** @returns {Promise<import('./api.js').ServiceClient[]>} every machine client, never a secret */
export function listClients() {
  return admin('/service-clients');
}

/**
 * @param {string} clientId
 * @param {string} name
 * @param {string[]} roles
 * @returns {Promise<import('./api.js').ClientSecret>} the client with its secret, which is shown this once
 */
export function createClient(clientId, name, roles) {
  return admin('/service-clients', { method: 'POST', json: { clientId, name: name || undefined, roles } });
}

/**
 * Its grant fails from now on and the tokens it holds are revoked.
 * @param {string} clientId
 */
export function deleteClient(clientId) {
  return admin(client(clientId), { method: 'DELETE' });
}

/**
 * @param {string} clientId
 * @returns {Promise<import('./api.js').ClientSecret>} the new secret, shown this once; the old one works until
 *     `previousSecretExpiresAt`
 */
export function rotateSecret(clientId) {
  return admin(`${client(clientId)}/rotate-secret`, { method: 'POST' });
}

/** @returns {Promise<{ kid: string }>} the new signing key's id; the old key stays published until its tokens expire */
export function rotateSigningKey() {
  return admin('/signing-keys/rotate', { method: 'POST' });
}
