// @ts-check
// A few DOM helpers instead of a framework: the pages are small, and text is always set as text
// (never as HTML), so nothing a service returns can inject markup.

/**
 * Creates an element: `h('a', { href: '/jobs', class: 'nav' }, 'Jobs')`. Attributes starting with `on` are
 * listeners; `false`/`null` attributes are left out; children are nodes or text.
 * @param {string} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {...(Node|string|number|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...children.filter((c) => c !== null && c !== undefined && c !== false).map((c) => (typeof c === 'number' ? String(c) : c)));
  return element;
}

/**
 * Shows an RFC 9457 problem as a person reads it: title and status, detail, each field error, and any
 * further members (e.g. `currentStatus` and `allowedNextStatuses` of a refused transition).
 * @param {import('./api.js').Problem} problem
 * @param {string} [lead] what was being done
 */
export function problemView(problem, lead) {
  const { type, title, status, detail, errors, instance, ...more } = problem;
  const extra = Object.entries(more).filter(([, v]) => v !== null && v !== undefined);
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', {}, lead ? `${lead}: ` : '', title || 'Error', status ? ` (${status})` : ''),
    detail ? h('p', {}, detail) : null,
    errors?.length ? h('ul', {}, ...errors.map((e) => h('li', {}, h('code', {}, e.field), ` ${e.message}`))) : null,
    extra.length ? h('dl', {}, ...extra.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v))])) : null);
}

/** @param {string|null|undefined} iso */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/**
 * A progress bar whose fill and label follow the job; `data-progress` and `data-status` let tests read it.
 * @param {import('./api.js').RunnerJob} job
 */
export function progressBar(job) {
  const fill = h('div', { class: 'fill' });
  const label = h('span', { class: 'label' });
  const bar = h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, fill, label);
  bar.dataset.progress = String(job.progressPercent);
  bar.dataset.status = job.status;
  bar.setAttribute('aria-valuenow', String(job.progressPercent));
  bar.className = `progress ${job.status.toLowerCase()}`;
  fill.style.width = `${job.progressPercent}%`;
  label.textContent = `${job.progressPercent} %`;
  return bar;
}

/** @param {import('./api.js').JobStatus} status */
export function statusBadge(status) {
  return h('span', { class: `badge ${status.toLowerCase()}`, 'data-status': status }, status);
}
