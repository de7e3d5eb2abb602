// @ts-check
// auth-service's workspace calls, with the session cookie. A person's access token names their workspaces as
// they were when it was minted, so every call that changes the person's own memberships renews it at once:
// jobs-service then sees the workspace created or joined, and no longer the one left.
import { auth, renew } from './session.js';

/** @typedef {import('./api.js').WorkspaceView} WorkspaceView */
/** @typedef {import('./api.js').WorkspaceRole} WorkspaceRole */

const base = '/api/auth/workspace';
/** @param {string} id */
const query = (id) => `?workspaceId=${encodeURIComponent(id)}`;

/** @returns {Promise<WorkspaceView[]>} the person's workspaces, the personal one first */
export function listWorkspaces() {
  return auth(`${base}/list`);
}

/**
 * @param {string} name
 * @returns {Promise<WorkspaceView>} the new team workspace; the person is its owner
 */
export async function createWorkspace(name) {
  /** @type {WorkspaceView} */
  const workspace = await auth(`${base}/create`, { method: 'POST', json: { name } });
  await renew();
  return workspace;
}

/**
 * @param {string} workspaceId
 * @param {string} name
 * @returns {Promise<WorkspaceView>}
 */
export function renameWorkspace(workspaceId, name) {
  return auth(`${base}/update`, { method: 'POST', json: { workspaceId, name } });
}

/**
 * @param {string} workspaceId
 * @returns {Promise<import('./api.js').WorkspaceMember[]>}
 */
export function listMembers(workspaceId) {
  return auth(`${base}/list-members${query(workspaceId)}`);
}

/**
 * @param {string} workspaceId
 * @param {string} userId
 * @param {WorkspaceRole} role
 */
export function changeRole(workspaceId, userId, role) {
  return auth(`${base}/update-member-role`, { method: 'POST', json: { workspaceId, userId, role } });
}

/**
 * @param {string} workspaceId
 * @param {string} userId
 */
export function removeMember(workspaceId, userId) {
  return auth(`${base}/remove-member`, { method: 'POST', json: { workspaceId, userId } });
}

/** @param {string} workspaceId */
export async function leaveWorkspace(workspaceId) {
  await auth(`${base}/leave`, { method: 'POST', json: { workspaceId } });
  await renew();
}

/**
 * Mails a link to join (MOSAIC_AUTH_INVITATION_URL); the invited person follows it once signed in.
 * @param {string} workspaceId
 * @param {string} email
 * @param {WorkspaceRole} role
 * @returns {Promise<import('./api.js').Invitation>}
 */
export function invite(workspaceId, email, role) {
  return auth(`${base}/invite-member`, { method: 'POST', json: { workspaceId, email, role } });
}

/**
 * @param {string} workspaceId
 * @returns {Promise<import('./api.js').Invitation[]>}
 */
export function listInvitations(workspaceId) {
  return auth(`${base}/list-invitations${query(workspaceId)}`);
}

/** @param {string} invitationId */
export function cancelInvitation(invitationId) {
  return auth(`${base}/cancel-invitation`, { method: 'POST', json: { invitationId } });
}

/**
 * Joins the workspace of a mailed invitation (the person must be signed in with the invited, confirmed
 * address).
 * @param {string} token
 * @returns {Promise<WorkspaceView>}
 */
export async function acceptInvitation(token) {
  /** @type {WorkspaceView} */
  const workspace = await auth(`${base}/accept-invitation`, { method: 'POST', json: { token } });
  await renew();
  return workspace;
}
