// @ts-check
// Calls to both services. Every failure becomes a ProblemError holding an RFC 9457 problem, so every
// page shows errors the same way: the services send problem+json, and anything else (a network error,
// a proxy's HTML page) is turned into one here.
import { config } from './config.js';

/**
 * @typedef {{ field: string, message: string }} FieldError
 * @typedef {{ type?: string, title?: string, status: number, detail?: string, errors?: FieldError[],
 *             [member: string]: unknown }} Problem
 * @typedef {'PENDING'|'QUEUED'|'RUNNING'|'COMPLETED'|'FAILED'|'CANCELLED'} JobStatus
 * @typedef {{ id: string, workspaceId: string, createdBy: string, type: string, priority: number,
 *             status: JobStatus, progressPercent: number, currentStep: string|null,
 *             payload: Record<string, unknown>|null, result: Record<string, unknown>|null, error: string|null,
 *             attempt: number, maxAttempts: number, version: number, createdAt: string, updatedAt: string,
 *             startedAt: string|null, completedAt: string|null }} RunnerJob
 * @typedef {{ id: number, jobId: string, type: string, fromStatus: JobStatus|null, toStatus: JobStatus|null,
 *             progressPercent: number|null, data: Record<string, unknown>|null, actor: string,
 *             occurredAt: string }} JobEvent
 * @typedef {{ items: RunnerJob[], nextCursor: string|null }} JobPage
 * @typedef {{ id: string, kind: string, email: string|null, name: string, roles: string[],
 *             workspaceIds: string[] }} AuthUser
 * @typedef {{ id: string, createdAt: string, expiresAt: string, ipAddress: string|null,
 *             userAgent: string|null, current: boolean }} SessionView
 * @typedef {{ access_token: string, token_type: string, expires_in: number }} AccessTokenResponse
 * @typedef {{ token: string, user: AuthUser, session: SessionView, accessToken: AccessTokenResponse }} SignedIn
 * @typedef {{ user: AuthUser, emailVerified: boolean, session: SessionView }} CurrentSession
 * @typedef {{ id: string, name: string, signInPath: string }} SignInProvider
 * @typedef {{ id: string, providerId: string, accountId: string, createdAt: string }} LinkedAccount
 * @typedef {{ clientId: string, name: string|null, roles: string[], createdAt: string, configured: boolean }} ServiceClient
 * @typedef {{ clientId: string, clientSecret: string, previousSecretExpiresAt?: string }} ClientSecret
 * @typedef {'owner'|'admin'|'member'} WorkspaceRole
 * @typedef {{ id: string, name: string, personal: boolean, role: WorkspaceRole, createdAt: string }} WorkspaceView
 * @typedef {{ userId: string, email: string|null, name: string, role: WorkspaceRole, joinedAt: string }} WorkspaceMember
 * @typedef {{ id: string, workspaceId: string, email: string, role: WorkspaceRole,
 *             status: 'pending'|'accepted'|'revoked'|'expired', invitedBy: string, createdAt: string,
 *             expiresAt: string }} Invitation
 */

export { config };

/** A refused or failed call, with the problem that says why. */
export class ProblemError extends Error {
  /**
   * @param {Problem} problem
   * @param {Response} [response]
   */
  constructor(problem, response) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.problem = problem;
    this.response = response;
  }

  get status() {
    return this.problem.status;
  }
}

/**
 * fetch(), but a network failure or a non-2xx answer throws a ProblemError.
 * @param {string} url
 * @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */
export async function call(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ProblemError({
      title: 'Service unreachable', status: 0,
      detail: `${new URL(url).origin} did not answer (${e instanceof Error ? e.message : e}). Is the stack running?`,
    });
  }
  if (!response.ok) throw new ProblemError(await problemOf(response), response);
  return response;
}

/**
 * @param {Response} response
 * @returns {Promise<Problem>}
 */
async function problemOf(response) {
  const text = await response.text().catch(() => '');
  if ((response.headers.get('Content-Type') || '').includes('json')) {
    try {
      const body = JSON.parse(text);
      // The client-credentials endpoint answers in OAuth's format ({error, error_description}).
      return { status: response.status, title: body.title || body.error || response.statusText, ...body };
    } catch { /* not JSON after all: fall through */ }
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}`, detail: text.slice(0, 300) || undefined };
}

/**
 * A JSON call: sends `body` as JSON, answers the parsed body (null for 204).
 * @param {string} url
 * @param {RequestInit & { json?: unknown }} [init]
 * @returns {Promise<any>}
 */
export async function callJson(url, init = {}) {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('Accept', 'application/json');
  if (json !== undefined) headers.set('Content-Type', 'application/json');
  const response = await call(url, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
  return response.status === 204 ? null : response.json();
}
