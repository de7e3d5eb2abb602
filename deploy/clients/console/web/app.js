// @ts-check
// The console: pages, routing (history API; the server answers index.html for every page path) and the
// live job views. Each page renders into <main> and returns what to stop when the person leaves it.
import * as account from './account.js';
import * as admin from './admin.js';
import { ProblemError } from './api.js';
import { h, problemView, progressBar, statusBadge, when } from './dom.js';
import { cancelJob, createJob, everyWorkspaceStreamUrl, getJob, jobStreamUrl, listEveryWorkspacesJobs, listJobs, listStreamUrl,
  retryJob } from './jobs.js';
import * as session from './session.js';
import { watch } from './stream.js';
import * as workspaces from './workspaces.js';

/** @typedef {import('./api.js').RunnerJob} RunnerJob */
/** @typedef {() => void} Cleanup */

const main = /** @type {HTMLElement} */ (document.querySelector('main'));
const nav = /** @type {HTMLElement} */ (document.querySelector('nav'));
/** @type {Cleanup|undefined} */
let leavePage;
/** A notice to show on the next page (e.g. why the person was signed out). */
let notice = '';

/** @param {string} path */
function go(path) {
  history.pushState(null, '', path);
  route();
}

/** Links inside the app navigate without a reload. */
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-route]') : null;
  if (link instanceof HTMLAnchorElement && !event.metaKey && !event.ctrlKey) {
    event.preventDefault();
    go(link.pathname + link.search);
  }
});
window.addEventListener('popstate', route);

session.onSignedOut((why) => {
  notice = why;
  go('/sign-in');
});

function route() {
  leavePage?.();
  leavePage = undefined;
  main.replaceChildren();
  renderNav();
  const path = location.pathname;
  const signedIn = session.currentUser() !== null;
  const jobMatch = path.match(/^\/jobs\/([0-9a-fA-F-]{36})$/);
  const workspaceMatch = path.match(/^\/workspaces\/([0-9a-fA-F-]{36})$/);
  const query = new URLSearchParams(location.search);
  if (path === '/sign-up') return signUpPage();
  if (path === '/confirm-email-change') return confirmEmailChangePage(query.get('token'));
  if (path === '/verify-email') return verifyEmailPage(query.get('token'));
  if (path === '/reset-password') return resetPasswordPage(query.get('token'));
  if (path === '/sign-in/error') return signInPage(query.get('error'));
  if (!signedIn) {
    if (path === '/sign-in') return signInPage(null, query.get('next'));
    if (path === '/accept-invitation') notice = 'Sign in with the address the invitation was sent to, and you are taken back to it.';
    // Only the pages a mailed link opens come back after sign-in; the others start from the jobs.
    return go(path === '/accept-invitation' ? `/sign-in?next=${encodeURIComponent(path + location.search)}` : '/sign-in');
  }
  if (path === '/sessions') leavePage = sessionsPage();
  else if (path === '/account') accountPage(query.get('linked'), query.get('error'));
  else if (path === '/admin' && isAdmin()) leavePage = adminPage();
  else if (path === '/accept-invitation') acceptInvitationPage(query.get('token'));
  else if (jobMatch) leavePage = jobPage(jobMatch[1]);
  else if (path === '/jobs') leavePage = jobsPage(query.get('workspace'));
  else if (path === '/workspaces') workspacesPage();
  else if (workspaceMatch) workspacePage(workspaceMatch[1]);
  else go('/jobs');
}

/**
 * Where sign-in goes on: `next` if it is a page of this console (a path, never another origin), else the jobs.
 * @param {string|null|undefined} next
 */
const afterSignIn = (next) => (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/jobs');

/** Whether the signed-in person holds the `admin` role (their address is one of MOSAIC_AUTH_ADMIN_EMAILS). */
const isAdmin = () => session.currentUser()?.roles.includes('admin') ?? false;

function renderNav() {
  const user = session.currentUser();
  nav.replaceChildren(...(user
    ? [h('a', { href: '/jobs', 'data-route': true }, 'Jobs'),
      h('a', { href: '/workspaces', 'data-route': true }, 'Workspaces'),
      h('a', { href: '/sessions', 'data-route': true }, 'Sessions'),
      isAdmin() ? h('a', { href: '/admin', 'data-route': true }, 'Admin') : '',
      h('a', { href: '/account', 'data-route': true, class: 'who', title: 'Your account' }, user.email || user.name),
      h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out')]
    : [h('a', { href: '/sign-in', 'data-route': true }, 'Sign in'), h('a', { href: '/sign-up', 'data-route': true }, 'Sign up')]));
}

async function signOut() {
  try {
    await session.signOut();
    notice = 'You are signed out.';
  } catch (e) {
    notice = `Signed out here, but auth-service did not confirm it: ${e instanceof Error ? e.message : e}`;
  }
  go('/sign-in');
}

/**
 * A status line: what happened, as a person reads it.
 * @param {string} text
 * @param {Record<string, unknown>} [attributes] e.g. a `data-` marker that tests wait for
 */
const statusLine = (text, attributes = {}) => h('p', { class: 'notice', role: 'status', ...attributes }, text);

/** The page's notice (once), and an area for the problems of its actions. */
function flash() {
  const text = notice;
  notice = '';
  return text ? statusLine(text) : null;
}

/**
 * Runs an action, showing its problem (or any other failure) in `area`.
 * @param {HTMLElement} area
 * @param {string} what
 * @param {() => Promise<void>} action
 */
async function attempt(area, what, action) {
  area.replaceChildren();
  try {
    await action();
  } catch (e) {
    area.replaceChildren(problemView(e instanceof ProblemError ? e.problem : { status: 0, title: 'Unexpected error', detail: String(e) }, what));
  }
}

/**
 * A form whose submit runs `action` with its fields; the button is disabled meanwhile.
 * @param {string} name
 * @param {Node[]} fields
 * @param {string} submit
 * @param {(data: FormData, problems: HTMLElement) => Promise<void>} action
 */
function form(name, fields, submit, action) {
  const problems = h('div', { class: 'problems' });
  const button = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit' }, submit));
  const element = h('form', { name, onsubmit: async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    button.disabled = true;
    await attempt(problems, submit, () => action(new FormData(/** @type {HTMLFormElement} */ (element)), problems));
    button.disabled = false;
  } }, ...fields, button, problems);
  return element;
}

/**
 * @param {string} label
 * @param {Record<string, unknown>} attributes
 */
const field = (label, attributes) => h('label', {}, label, h('input', attributes));

/** @param {...string} titles */
const tableHead = (...titles) => h('thead', {}, h('tr', {}, ...titles.map((t) => h('th', {}, t))));

// ---- signing in ----

/** What the codes that auth-service sends a failed single sign-on (or link) back with mean to the person. */
const SSO_ERRORS = /** @type {Record<string, string>} */ ({
  access_denied: 'The provider sign-in was declined.',
  email_not_verified: 'The provider does not vouch for your email address. Verify it there, or sign up with a password.',
  account_not_linked: 'An account with this address exists, but its address was never confirmed here. Sign in with its '
    + 'password and confirm the address first.',
  account_already_linked: 'That provider account is linked to another Mosaic account already. Unlink it there first.',
  session_ended: 'Your session ended before the provider answered. Sign in again and link once more.',
  invalid_state: 'The sign-in at the provider took too long, or did not start in this browser. Try again.',
});

/**
 * @param {string} title
 * @param {string} code
 */
const ssoProblem = (title, code) => problemView({ status: 0, title,
  detail: SSO_ERRORS[code] ?? `The provider sign-in ended with "${code}".` });

/**
 * @param {string|null} [ssoError] the code auth-service sends a failed single sign-on back with
 * @param {string|null} [next] the console page to open once signed in
 */
function signInPage(ssoError, next) {
  const providers = h('div', { class: 'providers' });
  main.append(h('h1', {}, 'Sign in'), flash() ?? '',
    ssoError ? ssoProblem('Single sign-on failed', ssoError) : '',
    form('sign-in', [
      field('Email', { name: 'email', type: 'email', required: true, autocomplete: 'username' }),
      field('Password', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' }),
    ], 'Sign in', async (data) => {
      await session.signIn({ email: String(data.get('email')), password: String(data.get('password')) });
      go(afterSignIn(next));
    }),
    providers,
    h('p', {}, 'No account yet? ', h('a', { href: '/sign-up', 'data-route': true }, 'Sign up'),
      ' · Forgot your password? ', h('a', { href: '/reset-password', 'data-route': true }, 'Reset it')));
  session.providers().then((list) => providers.replaceChildren(...list.map((provider) =>
    h('button', { type: 'button', onclick: () => session.signInWith(provider) }, `Sign in with ${provider.name}`))))
    .catch((e) => providers.replaceChildren(problemView(e.problem ?? { status: 0, title: String(e) }, 'Sign-in providers')));
}

function signUpPage() {
  main.append(h('h1', {}, 'Sign up'), flash() ?? '',
    form('sign-up', [
      field('Name', { name: 'name', required: true, autocomplete: 'name' }),
      field('Email', { name: 'email', type: 'email', required: true, autocomplete: 'username' }),
      field('Password (8 to 128 characters)', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }),
    ], 'Sign up', async (data, problems) => {
      const email = String(data.get('email'));
      await session.signUp({ name: String(data.get('name')), email, password: String(data.get('password')) });
      problems.replaceChildren(statusLine(
        `Check your mail: we sent a message to ${email}. Open its link to finish signing up. Nothing after a few `
        + 'minutes? Sign up again later (the local stack writes mails to the auth log).', { 'data-check-mail': true }));
    }),
    h('p', {}, 'Have an account? ', h('a', { href: '/sign-in', 'data-route': true }, 'Sign in')));
}

/**
 * Where the mailed confirmation link leads (MOSAIC_AUTH_EMAIL_VERIFICATION_URL). Confirming takes a click,
 * not the page load: a mail scanner that opens links must not spend the one-time token. A sign-up's link also
 * takes the password that sign-up chose, so that only whoever signed up can confirm it.
 * @param {string|null} token
 */
function verifyEmailPage(token) {
  main.append(h('h1', {}, 'Confirm your email'), flash() ?? '', token
    ? form('verify-email', [
      h('p', {}, 'Confirm this address and sign in to Mosaic.'),
      field('The password you chose when you signed up', { name: 'password', type: 'password', autocomplete: 'current-password' }),
    ], 'Confirm and sign in', async (data) => {
      await session.verifyEmail(token, String(data.get('password') ?? ''));
      notice = 'Your email is confirmed. Welcome!';
      go('/jobs');
    })
    : h('p', {}, 'Open the link from the mail we sent when you signed up. ',
      h('a', { href: '/sign-up', 'data-route': true }, 'Sign up again'), ' for a new one.'));
}

/**
 * Without a token: ask for a reset link by mail. With one (the mailed link leads here,
 * MOSAIC_AUTH_PASSWORD_RESET_URL): set the new password.
 * @param {string|null} token
 */
function resetPasswordPage(token) {
  main.append(h('h1', {}, 'Reset your password'), flash() ?? '', token
    ? form('reset-password', [
      field('New password (8 to 128 characters)', { name: 'newPassword', type: 'password', required: true, autocomplete: 'new-password' }),
    ], 'Set new password', async (data) => {
      await session.resetPassword(token, String(data.get('newPassword')));
      notice = 'Your password is changed and every session of yours has ended. Sign in with the new password.';
      go('/sign-in');
    })
    : form('request-password-reset', [
      field('Email', { name: 'email', type: 'email', required: true, autocomplete: 'username' }),
    ], 'Mail me a reset link', async (data, problems) => {
      await session.requestPasswordReset(String(data.get('email')));
      problems.replaceChildren(statusLine(
        'If that email has an account, a reset link is on its way (the local stack writes mails to the auth log).'));
    }));
}

/**
 * Where a workspace invitation's mailed link leads (MOSAIC_AUTH_INVITATION_URL), once signed in. Joining
 * takes a click, as confirming does.
 * @param {string|null} token
 */
function acceptInvitationPage(token) {
  main.append(h('h1', {}, 'Join a workspace'), flash() ?? '', token
    ? form('accept-invitation', [h('p', {}, 'You were invited to a Mosaic workspace. Join it to see and run its jobs.')],
      'Join the workspace', async () => {
        const workspace = await workspaces.acceptInvitation(token);
        notice = `You joined ${workspace.name}.`;
        go(`/jobs?workspace=${workspace.id}`);
      })
    : h('p', {}, 'Open the link from the invitation mail.'));
}

/**
 * Where the link mailed to a new address leads (MOSAIC_AUTH_EMAIL_CHANGE_URL); it needs no session.
 * @param {string|null} token
 */
function confirmEmailChangePage(token) {
  main.append(h('h1', {}, 'Confirm your new email'), flash() ?? '', token
    ? form('confirm-email-change', [h('p', {}, 'Make this address the one you sign in with.')], 'Confirm the new address',
      async (data, problems) => {
        await session.verifyEmailChange(token);
        renderNav();
        problems.replaceChildren(statusLine('Your address is changed: sign in with the new one from now on.',
          { 'data-email-changed': true }));
      })
    : h('p', {}, 'Open the link from the mail sent to your new address.'));
}

// ---- sessions ----

/** @returns {Cleanup} */
function sessionsPage() {
  const list = h('tbody');
  const problems = h('div', { class: 'problems' });
  const load = () => attempt(problems, 'Sessions', async () => {
    const sessions = await session.listSessions();
    list.replaceChildren(...sessions.map((s) => h('tr', { 'data-session-id': s.id },
      h('td', {}, when(s.createdAt), s.current ? h('span', { class: 'badge current' }, 'this one') : ''),
      h('td', {}, when(s.expiresAt)), h('td', {}, s.ipAddress ?? '—'), h('td', { class: 'agent' }, s.userAgent ?? '—'),
      h('td', {}, h('button', { type: 'button', onclick: () => attempt(problems, 'Revoke', async () => {
        await session.revokeSession(s);
        if (!s.current) await load();
      }) }, 'Revoke')))));
  });
  main.append(h('h1', {}, 'Sessions'), flash() ?? '',
    h('p', {}, 'Every device signed in as you. Revoking one signs it out at its next token renewal.'),
    h('table', {}, tableHead('Signed in', 'Expires', 'Address', 'Browser', ''), list),
    h('button', { type: 'button', onclick: () => attempt(problems, 'Revoke the others', async () => {
      const { revoked } = await session.revokeOtherSessions();
      notice = `${revoked} other session(s) revoked.`;
      go('/sessions');
    }) }, 'Sign out everywhere else'),
    problems);
  load();
  return () => {};
}

// ---- account ----

/**
 * @param {string|null} linked the provider a link came back from
 * @param {string|null} linkError the code it failed with
 */
function accountPage(linked, linkError) {
  const user = /** @type {import('./api.js').AuthUser} */ (session.currentUser());
  const ways = h('tbody');
  const links = h('div', { class: 'links' });
  const problems = h('div', { class: 'problems' });
  const outcome = h('div');
  const providersRead = session.providers(); // configuration: read once for the page, not again after each unlink
  const loadWays = () => attempt(problems, 'Ways to sign in', async () => {
    const [accounts, providers] = await Promise.all([account.listAccounts(), providersRead]);
    const nameOf = (/** @type {string} */ id) => providers.find((p) => p.id === id)?.name ?? id;
    ways.replaceChildren(...accounts.map((a) => h('tr', { 'data-provider': a.providerId },
      h('td', {}, a.providerId === 'credential' ? 'Password' : nameOf(a.providerId)),
      h('td', {}, a.providerId === 'credential' ? '' : a.accountId), h('td', {}, when(a.createdAt)),
      h('td', {}, h('button', { type: 'button', onclick: () => attempt(problems, 'Unlink', async () => {
        await account.unlinkAccount(a);
        await loadWays();
      }) }, 'Unlink')))));
    const hasPassword = accounts.some((a) => a.providerId === 'credential');
    links.replaceChildren(...providers.map((provider) => form(`link-${provider.id}`, hasPassword
      ? [field(`Your password, to link ${provider.name}`, { name: 'password', type: 'password', required: true,
        autocomplete: 'current-password' })]
      : [h('p', {}, `Linking ${provider.name} needs a sign-in within the last few minutes.`)],
    `Link ${provider.name}`, (data) => account.linkProvider(provider, String(data.get('password') ?? '')))));
    outcome.replaceChildren(linkError ? ssoProblem('Linking failed', linkError)
      : linked ? statusLine(`Linked: you can sign in with ${nameOf(linked)} from now on.`, { 'data-linked': linked }) : '');
  });
  main.append(h('h1', {}, 'Your account'), flash() ?? '', outcome,
    h('p', {}, `Signed in as ${user.email ?? user.name}.`),
    h('h2', {}, 'Name'),
    form('update-user', [field('Name', { name: 'name', required: true, maxlength: 200, value: user.name, autocomplete: 'name' })], 'Save name',
      async (data, area) => {
        await account.rename(String(data.get('name')));
        renderNav();
        area.replaceChildren(statusLine('Saved.', { 'data-name-saved': true }));
      }),
    h('h2', {}, 'Password'),
    form('change-password', [
      field('Current password', { name: 'currentPassword', type: 'password', required: true, autocomplete: 'current-password' }),
      field('New password (8 to 128 characters)', { name: 'newPassword', type: 'password', required: true, autocomplete: 'new-password' }),
    ], 'Change password', async (data, area) => {
      await account.changePassword(String(data.get('currentPassword')), String(data.get('newPassword')));
      area.closest('form')?.reset(); // no password stays in the page
      area.replaceChildren(statusLine('Your password is changed. Every other device signed in as you is signed out.',
        { 'data-password-changed': true }));
    }),
    h('h2', {}, 'Email'),
    form('change-email', [
      field('New email', { name: 'newEmail', type: 'email', required: true, autocomplete: 'email' }),
      field('Password (empty if you sign in only with a provider)', { name: 'password', type: 'password', autocomplete: 'current-password' }),
    ], 'Change email', async (data, area) => {
      const email = String(data.get('newEmail'));
      await account.changeEmail(email, String(data.get('password') ?? ''));
      area.closest('form')?.reset(); // no password stays in the page
      area.replaceChildren(statusLine(`Check the mail at ${email}: its link makes it your address, as long as you stay `
        + 'signed in here. Until then you sign in with the current one.', { 'data-email-change-mailed': true }));
    }),
    h('h2', {}, 'Ways to sign in'),
    h('table', { class: 'ways' }, tableHead('Method', 'Account', 'Since', ''), ways), problems,
    h('p', {}, 'Link another way to sign in: you sign in at the provider, and its account joins this one, whatever its '
      + 'address.'), links,
    h('h2', {}, 'Delete your account'),
    h('p', {}, 'Your sessions, your personal workspace and the team workspaces where you are alone go with it. A team you own '
      + 'with other members passes to one of them; if you are its only owner, make another member an owner first.'),
    form('delete-account', [
      field('Password (empty if you sign in only with a provider)', { name: 'password', type: 'password', autocomplete: 'current-password' }),
      h('label', { class: 'check' }, h('input', { name: 'confirm', type: 'checkbox', required: true }), 'Yes, delete my account'),
    ], 'Delete account', async (data) => {
      await session.deleteAccount(String(data.get('password') ?? ''));
      notice = 'Your account is deleted.';
      go('/sign-in');
    }));
  loadWays();
}

// ---- admin ----

/**
 * Every workspace's jobs, live; machine clients; the signing key. For admins. A secret is shown once, when it is
 * made, and never again.
 * @returns {Cleanup}
 */
function adminPage() {
  const clients = h('tbody');
  const problems = h('div', { class: 'problems' });
  const secret = h('div');
  /**
   * @param {import('./api.js').ClientSecret} made
   * @param {string} what
   */
  const showSecret = (made, what) => secret.replaceChildren(h('div', { class: 'notice secret', role: 'status', 'data-secret-for': made.clientId },
    h('p', {}, `${what} Copy it now: it is not shown again.`),
    h('p', {}, 'Client ', h('code', {}, made.clientId), ', secret ', h('code', { 'data-secret': true }, made.clientSecret)),
    made.previousSecretExpiresAt ? h('p', {}, `The previous secret works until ${when(made.previousSecretExpiresAt)}.`) : ''));
  const load = async () => {
    clients.replaceChildren(...(await admin.listClients()).map((c) => h('tr', { 'data-client-id': c.clientId },
      h('td', {}, h('code', {}, c.clientId)), h('td', {}, c.name ?? ''), h('td', {}, c.roles.join(', ')), h('td', {}, when(c.createdAt)),
      h('td', {}, c.configured ? 'configured' : h('span', { class: 'actions' },
        h('button', { type: 'button', onclick: () => attempt(problems, 'Rotate the secret', async () => {
          showSecret(await admin.rotateSecret(c.clientId), `A new secret for ${c.clientId}.`);
        }) }, 'Rotate secret'),
        h('button', { type: 'button', onclick: () => attempt(problems, 'Delete', async () => {
          await admin.deleteClient(c.clientId);
          secret.replaceChildren();
          await load();
        }) }, 'Delete'))))));
  };
  const everyJob = jobTable((job) => [...jobCells(job), h('td', {}, h('code', {}, job.workspaceId))]);
  const jobProblems = h('div', { class: 'problems' });
  const liveProblems = h('div', { class: 'problems' });
  const live = h('span', { class: 'live connecting' }, 'connecting…');
  /** @type {string|null} */
  let nextCursor = null;
  const more = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', hidden: true,
    onclick: () => attempt(jobProblems, 'More jobs', loadJobs) }, 'Load more'));
  let loaded = false;
  const loadJobs = async () => {
    loaded = true;
    const page = await listEveryWorkspacesJobs(nextCursor);
    page.items.forEach((job) => everyJob.show(job, 'bottom'));
    nextCursor = page.nextCursor;
    more.hidden = !nextCursor;
  };
  main.append(h('h1', {}, 'Admin'), flash() ?? '',
    h('h2', {}, 'Every workspace\'s jobs ', live),
    h('p', {}, 'Newest first, across every workspace, deleted ones included (their jobs stay in jobs-service).'),
    h('table', { class: 'jobs every' }, tableHead('Type', 'Status', 'Progress', 'Step', 'Created', 'Workspace'),
      everyJob.rows),
    more, jobProblems, liveProblems,
    h('h2', {}, 'Machine clients'),
    h('p', {}, 'Coordinators and other machines sign in with a client id and secret (client credentials). Clients declared '
      + 'by configuration (MOSAIC_AUTH_CLIENTS_<ID>_*) change only there.'),
    h('table', { class: 'clients' }, tableHead('Client id', 'Name', 'Roles', 'Created', ''), clients), problems, secret,
    form('create-client', [
      field('Client id', { name: 'clientId', required: true, pattern: '[a-z0-9][a-z0-9_\\-]{0,62}', placeholder: 'render-farm' }),
      field('Name (optional)', { name: 'name', maxlength: 200 }),
      h('label', {}, 'Role', h('select', { name: 'role' }, ...['coordinator', 'user', 'admin'].map((r) => h('option', { value: r }, r)))),
    ], 'Create client', async (data) => {
      const made = await admin.createClient(String(data.get('clientId')), String(data.get('name') ?? ''), [String(data.get('role'))]);
      showSecret(made, `${made.clientId} is created.`);
      await load();
    }),
    h('h2', {}, 'Signing key'),
    h('p', {}, 'A new key signs every access token from now on; the current one stays published until the tokens it signed expire, so nobody is signed out.'),
    form('rotate-signing-key', [], 'Rotate the signing key', async (data, area) => {
      const { kid } = await admin.rotateSigningKey();
      area.replaceChildren(statusLine(`New signing key ${kid}.`, { 'data-rotated': kid }));
    }));
  attempt(problems, 'Machine clients', load);
  const stream = followList(everyWorkspaceStreamUrl,
    { live, problems: jobProblems, liveProblems, load: loadJobs, show: everyJob.show, loaded: () => loaded });
  return () => stream.close();
}

// ---- workspaces ----

/** @typedef {import('./api.js').WorkspaceView} WorkspaceView */
/** @typedef {import('./api.js').WorkspaceRole} WorkspaceRole */

/**
 * The roles a person may hand out in a workspace, as auth-service allows them: an owner any, an admin
 * `admin` and `member` (never touching an owner).
 * @param {WorkspaceView} workspace
 * @returns {WorkspaceRole[]}
 */
const grantable = (workspace) => (workspace.role === 'owner' ? ['owner', 'admin', 'member'] : ['admin', 'member']);

/** @param {WorkspaceView} workspace owners and admins manage a team workspace; a personal one has only its owner */
const manages = (workspace) => !workspace.personal && workspace.role !== 'member';

/**
 * @param {string} name
 * @param {WorkspaceRole[]} roles
 * @param {WorkspaceRole} selected
 * @param {Record<string, unknown>} [attributes]
 */
const roleSelect = (name, roles, selected, attributes = {}) => h('select', { name, ...attributes },
  ...roles.map((role) => h('option', { value: role, selected: role === selected }, role)));

function workspacesPage() {
  const list = h('tbody');
  const problems = h('div', { class: 'problems' });
  main.append(h('h1', {}, 'Workspaces'), flash() ?? '',
    h('p', {}, 'Your personal workspace is yours alone. A team workspace is shared with the people you invite to it.'),
    h('table', {}, tableHead('Name', 'Your role', 'Created'), list), problems,
    h('h2', {}, 'New team workspace'),
    form('create-workspace', [field('Name', { name: 'name', required: true, maxlength: 100 })], 'Create workspace', async (data) => {
      const created = await workspaces.createWorkspace(String(data.get('name')));
      notice = `${created.name} is created. Invite people to it below.`;
      go(`/workspaces/${created.id}`);
    }));
  attempt(problems, 'Workspaces', async () => {
    list.replaceChildren(...(await workspaces.listWorkspaces()).map((w) => h('tr', { 'data-workspace-id': w.id },
      h('td', {}, h('a', { href: `/workspaces/${w.id}`, 'data-route': true }, w.name)),
      h('td', {}, w.personal ? 'personal' : w.role), h('td', {}, when(w.createdAt)))));
  });
}

/**
 * One workspace: its members, and for its owners and admins renaming, roles, removing, inviting and the
 * invitations. Every change reads the workspace again, so the page shows what auth-service holds.
 * @param {string} id
 */
function workspacePage(id) {
  const me = session.currentUser()?.id;
  const header = h('div');
  const members = h('tbody');
  const managing = h('div');
  const invitations = h('div');
  const problems = h('div', { class: 'problems' });
  main.append(h('p', {}, h('a', { href: '/workspaces', 'data-route': true }, '← all workspaces')), header, flash() ?? '',
    problems, h('h2', {}, 'Members'), h('table', { class: 'members' }, tableHead('Name', 'Email', 'Role', 'Joined', ''), members),
    managing);

  /**
   * A change, then the workspace read again; a refused change shows its problem over what auth-service holds
   * (a role select shows the role the member still has, not the one asked for).
   * @param {string} what
   * @param {() => Promise<unknown>} change
   */
  const act = (what, change) => attempt(problems, what, async () => {
    try {
      await change();
    } catch (e) {
      await load();
      throw e;
    }
    await load();
  });

  async function load() {
    const workspace = (await workspaces.listWorkspaces()).find((w) => w.id === id);
    if (!workspace) {
      header.replaceChildren(h('h1', {}, 'Workspace'));
      throw new ProblemError({ status: 404, title: 'Not a workspace of yours', detail: 'It does not exist, or you are not a member of it (any longer).' });
    }
    const manager = manages(workspace);
    header.replaceChildren(h('h1', {}, workspace.name, ' ', h('span', { class: 'badge' }, workspace.personal ? 'personal' : workspace.role)),
      h('p', {}, h('a', { href: `/jobs?workspace=${id}`, 'data-route': true }, 'Its jobs'), ' ',
        workspace.personal ? '' : h('button', { type: 'button', class: 'link', onclick: () => attempt(problems, 'Leave', async () => {
          await workspaces.leaveWorkspace(id);
          notice = `You left ${workspace.name}.`;
          go('/workspaces');
        }) }, 'Leave this workspace')));
    members.replaceChildren(...(await workspaces.listMembers(id)).map((m) => {
      const mayChange = manager && m.userId !== me && (workspace.role === 'owner' || m.role !== 'owner');
      return h('tr', { 'data-user-id': m.userId, 'data-role': m.role },
        h('td', {}, m.name, m.userId === me ? h('span', { class: 'badge current' }, 'you') : ''), h('td', {}, m.email ?? '—'),
        h('td', {}, mayChange
          ? roleSelect('role', grantable(workspace), m.role, { onchange: (/** @type {Event} */ event) => act('Change role',
            () => workspaces.changeRole(id, m.userId, /** @type {WorkspaceRole} */ (/** @type {HTMLSelectElement} */ (event.target).value))) })
          : m.role),
        h('td', {}, when(m.joinedAt)),
        h('td', {}, mayChange ? h('button', { type: 'button', onclick: () => act('Remove', () => workspaces.removeMember(id, m.userId)) }, 'Remove') : ''));
    }));
    if (!manager) return;
    if (!managing.hasChildNodes()) {
      managing.append(
        h('h2', {}, 'Invite someone'),
        form('invite-member', [
          field('Email', { name: 'email', type: 'email', required: true }),
          h('label', {}, 'Role', roleSelect('role', grantable(workspace), 'member')),
        ], 'Mail an invitation', async (data, sent) => {
          const email = String(data.get('email'));
          await workspaces.invite(id, email, /** @type {WorkspaceRole} */ (String(data.get('role'))));
          await load();
          sent.replaceChildren(statusLine(`An invitation is on its way to ${email}. Its link lets them join once signed in `
            + 'with that address.', { 'data-invited': true }));
        }),
        h('h2', {}, 'Invitations'), invitations,
        h('h2', {}, 'Rename'),
        form('rename-workspace', [field('Name', { name: 'name', required: true, maxlength: 100, value: workspace.name })], 'Rename',
          async (data) => {
            await workspaces.renameWorkspace(id, String(data.get('name')));
            await load();
          }));
    }
    const sent = await workspaces.listInvitations(id);
    invitations.replaceChildren(sent.length === 0 ? h('p', { class: 'empty' }, 'None yet.') : h('table', { class: 'invitations' },
      tableHead('Email', 'Role', 'Status', 'Expires', ''),
      h('tbody', {}, ...sent.map((i) => h('tr', { 'data-invitation-id': i.id, 'data-status': i.status },
        h('td', {}, i.email), h('td', {}, i.role), h('td', {}, i.status), h('td', {}, when(i.expiresAt)),
        h('td', {}, i.status === 'pending'
          ? h('button', { type: 'button', onclick: () => act('Cancel the invitation', () => workspaces.cancelInvitation(i.id)) }, 'Cancel')
          : ''))))));
  }

  attempt(problems, 'Workspace', load);
}

// ---- jobs ----

/**
 * The newest snapshot wins: the streams, the GETs and our own writes all deliver jobs, in any order.
 * @param {RunnerJob|undefined} known
 * @param {RunnerJob} incoming
 */
const newer = (known, incoming) => !known || incoming.version > known.version;

/**
 * The jobs of one workspace: the one named in the URL, else the person's personal one (listed first). With
 * more than one workspace, a selector switches between them.
 * @param {string|null} wanted
 * @returns {Cleanup}
 */
function jobsPage(wanted) {
  /** @type {string} */
  let workspace = '';
  /** @type {{ close: () => void }|undefined} */
  let stream;
  let left = false;
  const table = jobTable(jobCells);
  const problems = h('div', { class: 'problems' });
  const liveProblems = h('div', { class: 'problems' });
  const live = h('span', { class: 'live connecting' }, 'connecting…');
  /** @type {string|null} */
  let nextCursor = null;
  let loaded = false;
  const more = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', hidden: true, onclick: () => attempt(problems, 'More jobs', loadPage) }, 'Load more'));

  /**
   * @param {RunnerJob} job
   * @param {'top'|'bottom'} where a job new to the page: created since (top) or an older page (bottom)
   */
  function show(job, where) {
    table.show(job, where);
    empty.hidden = table.size() > 0;
  }

  async function loadPage() {
    loaded = true;
    const page = await listJobs(workspace, nextCursor);
    page.items.forEach((job) => show(job, 'bottom'));
    nextCursor = page.nextCursor;
    more.hidden = !nextCursor;
  }

  const empty = h('p', { class: 'empty' }, 'No jobs yet: create one above, then run a coordinator (see the README).');
  const choice = h('div', { class: 'workspace' });
  main.append(h('h1', {}, 'Jobs ', live), flash() ?? '', choice,
    form('create-job', [
      field('Type', { name: 'type', required: true, value: 'render' }),
      field('Priority', { name: 'priority', type: 'number', min: -1000, max: 1000, placeholder: '0' }),
      h('label', { class: 'wide' }, 'Payload (JSON object, optional)', h('textarea', { name: 'payload', rows: 2, placeholder: '{"scene": "intro"}' })),
    ], 'Create job', async (data) => {
      const text = String(data.get('payload') ?? '').trim();
      let payload;
      try {
        payload = text ? JSON.parse(text) : undefined;
      } catch (e) {
        throw new ProblemError({ status: 0, title: 'Payload is not JSON', detail: String(e) });
      }
      const priority = String(data.get('priority') ?? '');
      if (!workspace) throw new ProblemError({ status: 0, title: 'Your workspaces are still loading', detail: 'Create the job again in a moment.' });
      show(await createJob(workspace, { type: String(data.get('type')), priority: priority === '' ? undefined : Number(priority), payload }), 'top');
    }),
    h('table', { class: 'jobs' }, tableHead('Type', 'Status', 'Progress', 'Step', 'Created'), table.rows),
    empty, more, problems, liveProblems);

  const follow = () => followList(listStreamUrl(workspace),
    { live, problems, liveProblems, load: loadPage, show, loaded: () => loaded });
  attempt(problems, 'Workspaces', async () => {
    const mine = await workspaces.listWorkspaces();
    if (left || mine.length === 0) return;
    workspace = (mine.find((w) => w.id === wanted) ?? mine[0]).id;
    choice.replaceChildren(h('a', { href: `/workspaces/${workspace}`, 'data-route': true }, 'Members and settings'));
    if (mine.length > 1) {
      choice.prepend(h('label', {}, 'Workspace ', h('select', {
        name: 'workspace',
        onchange: (/** @type {Event} */ event) => go(`/jobs?workspace=${/** @type {HTMLSelectElement} */ (event.target).value}`),
      }, ...mine.map((w) => h('option', { value: w.id, selected: w.id === workspace },
        w.personal ? `${w.name} (personal)` : `${w.name} (${w.role})`)))));
    }
    stream = follow();
  });
  return () => {
    left = true;
    stream?.close();
  };
}

/**
 * A table body of jobs kept current: each job shows once, and a newer state of it (a higher version) redraws its
 * row in place; one new to the table goes on top (created since) or at the bottom (an older page).
 * @param {(job: RunnerJob) => HTMLElement[]} cells
 */
function jobTable(cells) {
  /** @type {Map<string, { job: RunnerJob, row: HTMLElement }>} */
  const shown = new Map();
  const rows = h('tbody');
  return {
    rows,
    size: () => shown.size,
    /**
     * @param {RunnerJob} job
     * @param {'top'|'bottom'} where
     */
    show(job, where) {
      const known = shown.get(job.id);
      if (known && !newer(known.job, job)) return;
      const row = known?.row ?? h('tr', { 'data-job-id': job.id });
      row.replaceChildren(...cells(job));
      shown.set(job.id, { job, row });
      if (!known) where === 'top' ? rows.prepend(row) : rows.append(row);
    },
  };
}

/**
 * Keeps a list of jobs live: subscribes first, then reads the list once the stream is ready (its `ready` covers
 * everything up to then, so nothing in between is missed); each change goes on top and the live mark follows the
 * stream. A stream refused for good still leaves the list read, not live.
 * @param {string} url
 * @param {{ live: HTMLElement, problems: HTMLElement, liveProblems: HTMLElement, load: () => Promise<void>,
 *   show: (job: RunnerJob, where: 'top'|'bottom') => void, loaded: () => boolean }} list
 * @returns {{ close: () => void }}
 */
function followList(url, list) {
  return watch(url, {
    onReady: (firstTime) => { if (firstTime) attempt(list.problems, 'Jobs', list.load); },
    onChange: ({ job }) => list.show(job, 'top'),
    onState: (state, problem) => {
      showLiveState(list.live, state);
      if (problem) list.liveProblems.replaceChildren(problemView(problem, 'Live updates'));
      if (state === 'stopped' && problem && !list.loaded()) attempt(list.problems, 'Jobs', list.load);
    },
  });
}

/**
 * The "● live" mark of a page that follows a stream.
 * @param {HTMLElement} live
 * @param {string} state
 */
function showLiveState(live, state) {
  live.className = `live ${state}`;
  live.textContent = { connecting: 'connecting…', live: '● live', reconnecting: 'reconnecting…', stopped: 'not live' }[state];
}

/**
 * A job's row in a list: its type (a link to its page), status, progress, step and creation.
 * @param {RunnerJob} job
 */
const jobCells = (job) => [
  h('td', {}, h('a', { href: `/jobs/${job.id}`, 'data-route': true }, job.type)),
  h('td', {}, statusBadge(job.status)),
  h('td', { class: 'bar' }, progressBar(job)),
  h('td', { class: 'step' }, job.currentStep ?? ''),
  h('td', {}, when(job.createdAt))];

/**
 * @param {string} id
 * @returns {Cleanup}
 */
function jobPage(id) {
  /** @type {RunnerJob|undefined} */
  let job;
  const seenEvents = new Set();
  const summary = h('div', { class: 'summary' });
  const timeline = h('ol', { class: 'timeline' });
  const problems = h('div', { class: 'problems' });
  const liveProblems = h('div', { class: 'problems' });
  const live = h('span', { class: 'live connecting' }, 'connecting…');
  const reason = /** @type {HTMLInputElement} */ (h('input', { name: 'reason', placeholder: 'reason (optional)', maxlength: 500 }));
  const cancel = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', onclick: () => write('Cancel', (j) => cancelJob(j, reason.value.trim())) }, 'Cancel job'));
  const retry = /** @type {HTMLButtonElement} */ (h('button', { type: 'button', onclick: () => write('Retry', retryJob) }, 'Retry'));

  /** @param {RunnerJob} incoming */
  function showJob(incoming) {
    if (!newer(job, incoming)) return;
    job = incoming;
    const j = incoming;
    summary.replaceChildren(
      h('h1', {}, j.type, ' ', statusBadge(j.status), ' ', live),
      progressBar(j),
      h('dl', {},
        ...[['Step', j.currentStep ?? '—'], ['Attempt', `${j.attempt} of ${j.maxAttempts}`], ['Priority', j.priority],
          ['Created', when(j.createdAt)], ['Started', when(j.startedAt)], ['Finished', when(j.completedAt)],
          ['Version', j.version], ['Id', j.id]].flatMap(([k, v]) => [h('dt', {}, String(k)), h('dd', {}, String(v))]),
        ...(j.payload ? [h('dt', {}, 'Payload'), h('dd', {}, h('pre', {}, JSON.stringify(j.payload, null, 2)))] : []),
        ...(j.result ? [h('dt', {}, 'Result'), h('dd', {}, h('pre', {}, JSON.stringify(j.result, null, 2)))] : []),
        ...(j.error ? [h('dt', {}, 'Error'), h('dd', { class: 'error' }, j.error)] : [])));
    cancel.hidden = !['PENDING', 'QUEUED', 'RUNNING'].includes(j.status);
    reason.hidden = cancel.hidden;
    retry.hidden = j.status !== 'FAILED';
  }

  /**
   * A write with If-Match: the job as shown here. A 412 means it changed meanwhile: show the fresh job
   * and say so, and let the person decide again.
   * @param {string} what
   * @param {(job: RunnerJob) => Promise<RunnerJob>} action
   */
  function write(what, action) {
    const shownJob = job;
    if (!shownJob) return;
    return attempt(problems, what, async () => {
      try {
        showJob(await action(shownJob));
      } catch (e) {
        if (!(e instanceof ProblemError && e.status === 412)) throw e;
        const fresh = await getJob(shownJob.id);
        showJob(fresh);
        problems.replaceChildren(h('div', { class: 'problem changed', role: 'alert' },
          h('strong', {}, 'Changed meanwhile: nothing was done.'),
          h('p', {}, `You saw version ${shownJob.version} (${shownJob.status}); it is now version ${fresh.version} (${fresh.status}), shown above. `
            + `${what} again if it still makes sense.`)));
      }
    });
  }

  /** @param {import('./api.js').JobEvent} event */
  function showEvent(event) {
    if (seenEvents.has(event.id)) return;
    seenEvents.add(event.id);
    const change = event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus ? `${event.fromStatus} → ${event.toStatus}` : '';
    timeline.append(h('li', { 'data-event-type': event.type },
      h('time', {}, when(event.occurredAt)), h('strong', {}, event.type), change ? ` ${change}` : '',
      event.progressPercent !== null ? ` ${event.progressPercent} %` : '',
      event.data && Object.keys(event.data).length ? h('code', {}, JSON.stringify(event.data)) : '',
      h('span', { class: 'actor' }, `by ${event.actor}`)));
  }

  main.append(h('p', {}, h('a', { href: '/jobs', 'data-route': true }, '← all jobs')), summary,
    h('div', { class: 'actions' }, reason, cancel, retry), problems, liveProblems, h('h2', {}, 'Timeline'), timeline);
  attempt(problems, 'Job', async () => showJob(await getJob(id)));
  // Without Last-Event-ID the job's stream replays its whole timeline first, then goes live.
  const stream = watch(jobStreamUrl(id), {
    onChange: ({ event, job: snapshot }) => { showEvent(event); showJob(snapshot); },
    onState: (state, problem) => {
      showLiveState(live, state);
      if (problem) liveProblems.replaceChildren(problemView(problem, 'Live timeline'));
    },
  });
  return () => stream.close();
}

// ---- start ----

(async () => {
  try {
    await session.resume();
  } catch (e) {
    notice = `auth-service did not answer: ${e instanceof Error ? e.message : e}`;
  }
  route();
})();
