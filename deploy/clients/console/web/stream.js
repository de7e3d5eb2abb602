// @ts-check
// A live stream of job changes (server-sent events) read with fetch() and a ReadableStream, because an
// EventSource cannot send the Authorization header, and a token must never travel in a URL (it would
// land in access logs). The stream resumes where it left off: after a drop, or when the server drops a
// consumer that fell behind (`event: overflow`), it reconnects with `Last-Event-ID`, and the server replays
// what was missed from the job's timeline: no gap, no duplicate.
import { ProblemError, call } from './api.js';
import { accessToken, renew } from './session.js';

/**
 * @typedef {{ event: import('./api.js').JobEvent, job: import('./api.js').RunnerJob }} JobChange
 * @typedef {'connecting'|'live'|'reconnecting'|'stopped'} StreamState
 * @typedef {{
 *   onChange: (change: JobChange) => void,
 *   onReady?: (firstTime: boolean) => void,
 *   onState?: (state: StreamState, problem?: import('./api.js').Problem) => void,
 * }} Handlers
 */

/** Nothing at all (not even the 15 s keep-alive) for this long: the connection is dead, reconnect. */
const SILENCE_LIMIT_MS = 45_000;

/**
 * Watches a stream until close().
 * @param {string} url
 * @param {Handlers} handlers
 */
export function watch(url, handlers) {
  /** @type {string|null} */
  let lastEventId = null;
  let closed = false;
  let readyOnce = false;
  /** @type {AbortController|null} */
  let connection = null;
  /** @type {(s: StreamState, problem?: import('./api.js').Problem) => void} */
  const state = (s, problem) => handlers.onState?.(s, problem);

  async function run() {
    let failures = 0;
    while (!closed) {
      connection = new AbortController();
      const abort = connection;
      let watchdog = setTimeout(() => abort.abort(), SILENCE_LIMIT_MS);
      let resumeAtOnce = false;
      let wasLive = false;
      /** @type {number|null} */
      let retryAfterMs = null;
      try {
        state(failures ? 'reconnecting' : 'connecting');
        const headers = new Headers({ Accept: 'text/event-stream', Authorization: `Bearer ${await accessToken()}` });
        if (lastEventId !== null) headers.set('Last-Event-ID', lastEventId);
        const response = await call(url, { headers, signal: abort.signal, cache: 'no-store' });
        await readMessages(/** @type {ReadableStream<Uint8Array>} */ (response.body), () => {
          clearTimeout(watchdog);
          watchdog = setTimeout(() => abort.abort(), SILENCE_LIMIT_MS);
        }, (message) => {
          if (message.event === 'ready') {
            lastEventId = message.id ?? lastEventId;
            failures = 0;
            wasLive = true;
            state('live');
            handlers.onReady?.(!readyOnce);
            readyOnce = true;
          } else if (message.event === 'job-event') {
            lastEventId = message.id ?? lastEventId;
            handlers.onChange(JSON.parse(message.data));
          } else if (message.event === 'overflow') {
            // We fell behind and the server let go of us: resume from the last event it sent.
            lastEventId = String(JSON.parse(message.data).resumeFrom);
            resumeAtOnce = true;
            abort.abort();
          }
        });
        // Ended by the server after going live: its token expired (a stream never outlives its token),
        // or the replica is stopping. Resume at once, with the current token.
        resumeAtOnce ||= wasLive;
      } catch (e) {
        if (closed) return;
        if (e instanceof ProblemError) {
          if (e.status === 401) {
            await renew().catch(() => { /* the session is over: renew() told everyone */ });
          } else if (e.status >= 400 && e.status < 500 && e.status !== 429) {
            state('stopped', e.problem); // 403, 404, 400: asking again cannot help
            return;
          }
          // 503 (the replica serves as many streams as it may) and 429 say when to come back.
          const retryAfter = Number(e.response?.headers.get('Retry-After'));
          if (retryAfter > 0) retryAfterMs = retryAfter * 1000;
        }
      } finally {
        clearTimeout(watchdog);
      }
      if (closed) return;
      if (!resumeAtOnce) {
        failures++;
        state('reconnecting');
        await pause(retryAfterMs ?? Math.min(15_000, 500 * 2 ** Math.min(failures, 5)) * (0.5 + Math.random() / 2));
      }
    }
  }

  run();
  return {
    close() {
      closed = true;
      connection?.abort();
      state('stopped');
    },
  };
}

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {{ id: string|null, event: string, data: string }} Message
 */

/**
 * Parses a text/event-stream body (the WHATWG rules: fields `id`, `event`, `data`; `:` comments; a blank
 * line ends a message) until it ends.
 * @param {ReadableStream<Uint8Array>} body
 * @param {() => void} onBytes called whenever anything arrives (keep-alive comments too)
 * @param {(message: Message) => void} onMessage
 */
export async function readMessages(body, onBytes, onMessage) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  /** @type {Message} */
  let message = { id: null, event: 'message', data: '' };
  let hasData = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      onBytes();
      buffer += value;
      let end;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        // A CR that ends the chunk may be the first half of a CRLF: wait for the next chunk to tell.
        if (end === buffer.length - 1 && buffer[end] === '\r') break;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          if (hasData || message.id !== null) onMessage({ ...message, data: message.data.replace(/\n$/, '') });
          message = { id: null, event: 'message', data: '' };
          hasData = false;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') {
          message.data += `${value}\n`;
          hasData = true;
        } else if (field === 'event') {
          message.event = value;
        } else if (field === 'id' && !value.includes('\0')) {
          message.id = value;
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}
