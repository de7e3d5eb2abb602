// @ts-check
// jobs-service, called with the access token as a bearer token (no cookies go there).
import { config } from './api.js';
import { withToken } from './session.js';

/** @typedef {import('./api.js').RunnerJob} RunnerJob */

/**
 * @param {string} path
 * @param {RequestInit & { json?: unknown }} [init]
 */
const jobs = (path, init) => withToken(config.jobsUrl + path, init);

/**
 * The jobs of one workspace, newest first. jobs-service needs the workspace named once a person belongs to
 * more than one (it answers 400 otherwise).
 * @param {string} workspace
 * @param {string|null} [cursor]
 * @returns {Promise<import('./api.js').JobPage>}
 */
export function listJobs(workspace, cursor) {
  return jobPage(`workspace=${encodeURIComponent(workspace)}`, cursor);
}

/**
 * Every workspace's jobs, newest first, those of deleted workspaces too: admins only (403 for anyone else).
 * @param {string|null} [cursor]
 * @returns {Promise<import('./api.js').JobPage>}
 */
export function listEveryWorkspacesJobs(cursor) {
  return jobPage('allWorkspaces=true', cursor);
}

/**
 * @param {string} scope the query parameter that says whose jobs
 * @param {string|null} [cursor]
 */
const jobPage = (scope, cursor) =>
  jobs(`/api/runner-jobs?limit=50&${scope}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);

/**
 * @param {string} workspace
 * @param {{ type: string, priority?: number, payload?: Record<string, unknown>, maxAttempts?: number }} request
 * @returns {Promise<RunnerJob>}
 */
export function createJob(workspace, request) {
  return jobs(`/api/runner-jobs?workspace=${encodeURIComponent(workspace)}`,
    { method: 'POST', json: request, headers: { 'Idempotency-Key': crypto.randomUUID() } });
}

/**
 * @param {string} id
 * @returns {Promise<RunnerJob>}
 */
export function getJob(id) {
  return jobs(`/api/runner-jobs/${encodeURIComponent(id)}`);
}

/**
 * Cancels the job as the page shows it: `If-Match` makes a job that changed meanwhile answer 412.
 * @param {RunnerJob} job
 * @param {string} [reason]
 * @returns {Promise<RunnerJob>}
 */
export function cancelJob(job, reason) {
  return jobs(`/api/runner-jobs/${job.id}/cancel`, { method: 'POST', json: reason ? { reason } : {}, headers: ifMatch(job) });
}

/**
 * @param {RunnerJob} job
 * @returns {Promise<RunnerJob>}
 */
export function retryJob(job) {
  return jobs(`/api/runner-jobs/${job.id}/retry`, { method: 'POST', headers: ifMatch(job) });
}

/** @param {RunnerJob} job */
function ifMatch(job) {
  return { 'If-Match': `"${job.version}"`, 'Idempotency-Key': crypto.randomUUID() };
}

/** The URL of the stream of every job of every workspace: admins only. */
export const everyWorkspaceStreamUrl = `${config.jobsUrl}/api/runner-jobs/stream?allWorkspaces=true`;

/** @param {string} workspace the URL of the stream of every job of that workspace */
export const listStreamUrl = (workspace) => `${config.jobsUrl}/api/runner-jobs/stream?workspace=${encodeURIComponent(workspace)}`;

/** @param {string} id the URL of one job's timeline stream */
export const jobStreamUrl = (id) => `${config.jobsUrl}/api/runner-jobs/${encodeURIComponent(id)}/events/stream`;
