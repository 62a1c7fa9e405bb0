// Placeholder browser UI for the todo chatbot: plain DOM, no framework, no dependencies.
// The SvelteKit app replaces it. Talks to the gateway on the same origin: REST under /api/v1, live updates on /ws.
// All user-supplied text goes into the page through textContent or attributes, never as HTML.

const API = '/api/v1';
const TOKEN_KEY = 'todo.token';
const USER_KEY = 'todo.user';
const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;
const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 10_000;
const SEARCH_DEBOUNCE_MS = 300;
const BROWSER_TZ = browserTimeZone();

const PRIORITIES = ['none', 'low', 'medium', 'high'];
const PRIORITY_RANK = { none: 0, low: 1, medium: 2, high: 3 };
const STATUSES = ['open', 'done', 'all'];
const SORTS = ['due', 'priority', 'created', 'updated', 'title'];
const ORDERS = ['asc', 'desc'];
const EVENT_TYPES = new Set(['task.created', 'task.updated', 'task.completed', 'task.deleted']);

const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Missing element #${id}`);
  return el;
};

const els = {
  session: $('session'),
  conn: $('conn'),
  connLabel: $('conn-label'),
  who: $('who'),
  logout: $('logout'),
  authView: $('auth-view'),
  authForm: $('auth-form'),
  authEmail: $('auth-email'),
  authPassword: $('auth-password'),
  authName: $('auth-name'),
  appView: $('app-view'),
  addForm: $('add-form'),
  addTitle: $('add-title'),
  addPriority: $('add-priority'),
  addTags: $('add-tags'),
  addDue: $('add-due'),
  controls: $('controls'),
  q: $('ctl-q'),
  status: $('ctl-status'),
  sort: $('ctl-sort'),
  order: $('ctl-order'),
  orderIcon: $('ctl-order-icon'),
  listHeading: $('list-heading'),
  listCount: $('list-count'),
  listError: $('list-error'),
  tasks: $('tasks'),
  empty: $('list-empty'),
  loadMore: $('load-more'),
  announcer: $('announcer'),
  reminders: $('reminders'),
};

/** Which input shows the server's message for a field path (first segment: "tags.2" → tags). */
const FORMS = {
  auth: {
    form: els.authForm,
    error: $('auth-error'),
    fields: { email: els.authEmail, password: els.authPassword, name: els.authName },
  },
  add: {
    form: els.addForm,
    error: $('add-error'),
    fields: { title: els.addTitle, priority: els.addPriority, tags: els.addTags, dueAt: els.addDue },
  },
};

const state = {
  token: null,
  user: null,
  view: { q: '', status: 'open', sort: 'due', order: 'asc' },
  items: [],
  nextCursor: null,
  loading: false,
  /** Bumped by every list request and by log-out, so late responses of older ones are dropped. */
  generation: 0,
  /** Live events received while a list request is in flight; re-applied to its result. */
  pendingEvents: null,
  /** The seq of the last task event applied; null until the socket is first ready. */
  lastSeq: null,
  /** A list request started before lastSeq was known, so its result may miss events. */
  fetchedBeforeSync: false,
};

// ---------------------------------------------------------------------------------------------------------
// Small helpers

function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

function readStore(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStore(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage can be unavailable (private mode, quota); the session then lasts for this page only.
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isTask(value) {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof value.id === 'string' &&
    typeof value.title === 'string' &&
    (value.status === 'open' || value.status === 'done')
  );
}

function isUser(value) {
  return value !== null && typeof value === 'object' && typeof value.email === 'string';
}

function quoted(text) {
  return `“${text}”`;
}

function debounce(fn, ms) {
  let timer = 0;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}

let announceTimer = 0;
/** Says `message` through the polite live region (cleared first so a repeated message is read again). */
function announce(message) {
  clearTimeout(announceTimer);
  els.announcer.textContent = '';
  announceTimer = setTimeout(() => {
    els.announcer.textContent = message;
  }, 60);
}

// ---------------------------------------------------------------------------------------------------------
// HTTP

class ApiError extends Error {
  constructor(status, code, message, fields) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Calls the API; resolves to the parsed body (null for 204), rejects with ApiError. A 401 ends the session. */
async function api(method, path, body, { auth = true, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && state.token) headers.Authorization = `Bearer ${state.token}`;
  const sentToken = auth ? state.token : null;

  let res;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }

  const text = res.status === 204 ? '' : await res.text();
  const data = text ? parseJson(text) : null;
  if (res.ok) return data;

  const error = data && typeof data.error === 'object' && data.error ? data.error : {};
  const fields = error.fields && typeof error.fields === 'object' ? error.fields : undefined;
  const message =
    typeof error.message === 'string' && error.message
      ? error.message
      : `The request failed (${res.status}${res.statusText ? ` ${res.statusText}` : ''}).`;
  const err = new ApiError(
    res.status,
    typeof error.code === 'string' ? error.code : `http_${res.status}`,
    message,
    fields,
  );
  if (res.status === 401 && auth && sentToken) {
    err.sessionEnded = true;
    if (sentToken === state.token) logout('Your session has ended. Please log in again.');
  }
  throw err;
}

/** True for errors the user needs no message about (aborted requests, the 401 that already showed the login). */
function isSilentError(err) {
  return Boolean(err && (err.name === 'AbortError' || err.sessionEnded));
}

function errorMessage(err) {
  if (err instanceof ApiError) return err.message;
  console.error(err);
  return 'Something went wrong. Please try again.';
}

/** The message with its field details, for places that have no form fields to put them next to. */
function errorText(err) {
  const details = err instanceof ApiError && err.fields ? Object.values(err.fields).map(String) : [];
  return [errorMessage(err), ...details].join(' · ');
}

// ---------------------------------------------------------------------------------------------------------
// Form errors

function clearFormErrors(name) {
  const { error, fields } = FORMS[name];
  error.replaceChildren();
  for (const input of Object.values(fields)) {
    input.removeAttribute('aria-invalid');
    const slot = document.getElementById(`${input.id}-error`);
    if (slot) slot.textContent = '';
  }
}

/** Shows `err.message` above the buttons and each of `err.fields` under its input (or in the list if unknown). */
function showFormErrors(name, err) {
  if (isSilentError(err)) return;
  const { error, fields } = FORMS[name];
  clearFormErrors(name);
  const message = document.createElement('p');
  message.textContent = errorMessage(err);
  const others = document.createElement('ul');
  let firstInvalid = null;
  for (const [path, text] of Object.entries(err.fields ?? {})) {
    const input = fields[path.split('.')[0]];
    const slot = input && document.getElementById(`${input.id}-error`);
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : String(text);
      input.setAttribute('aria-invalid', 'true');
      firstInvalid ??= input;
    } else {
      const item = document.createElement('li');
      item.textContent = `${path}: ${text}`;
      others.append(item);
    }
  }
  error.append(message);
  if (others.childElementCount) error.append(others);
  firstInvalid?.focus();
}

/** Marks a form busy. Buttons get aria-disabled, not disabled, so keyboard focus stays where it was. */
function setFormBusy(form, busy) {
  form.setAttribute('aria-busy', String(busy));
  for (const button of form.querySelectorAll('button')) setDisabled(button, busy);
}

function isBusy(form) {
  return form.getAttribute('aria-busy') === 'true';
}

function setDisabled(control, disabled) {
  if (disabled) control.setAttribute('aria-disabled', 'true');
  else control.removeAttribute('aria-disabled');
}

// ---------------------------------------------------------------------------------------------------------
// Session

els.authForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (isBusy(els.authForm)) return;
  const mode = event.submitter && event.submitter.value === 'signup' ? 'signup' : 'login';
  clearFormErrors('auth');
  const email = els.authEmail.value.trim();
  const password = els.authPassword.value;
  const name = els.authName.value.trim();

  const fields = {};
  if (!email) fields.email = 'Enter your email address.';
  if (!password) fields.password = 'Enter your password.';
  else if (mode === 'signup' && password.length < 8) fields.password = 'Must be at least 8 characters.';
  if (Object.keys(fields).length) {
    showFormErrors('auth', new ApiError(0, 'invalid_input', 'Please check the highlighted fields.', fields));
    return;
  }

  const body =
    mode === 'signup'
      ? { email, password, ...(name ? { name } : {}), ...(BROWSER_TZ ? { timezone: BROWSER_TZ } : {}) }
      : { email, password };
  setFormBusy(els.authForm, true);
  try {
    const result = await api('POST', `/auth/${mode}`, body, { auth: false });
    if (!result || typeof result.token !== 'string' || !result.token) {
      throw new ApiError(0, 'internal', 'The server sent an unexpected answer. Please try again.');
    }
    els.authPassword.value = '';
    signIn(result.token, isUser(result.user) ? result.user : null);
    announce(mode === 'signup' ? 'Account created. You are signed in.' : 'You are signed in.');
  } catch (err) {
    showFormErrors('auth', err);
  } finally {
    setFormBusy(els.authForm, false);
  }
});

els.logout.addEventListener('click', () => {
  logout();
  announce('You are logged out.');
});

// Another tab logged in or out: follow it.
window.addEventListener('storage', (event) => {
  if (event.key !== TOKEN_KEY && event.key !== null) return;
  const token = readStore(TOKEN_KEY);
  if (!token && state.token) logout('You logged out in another tab.');
  else if (token && token !== state.token) {
    signIn(token, parseJson(readStore(USER_KEY) ?? ''), { persist: false, focus: false });
  }
});

function signIn(token, user, { persist = true, focus = true } = {}) {
  if (state.token) stopSession();
  state.token = token;
  state.user = isUser(user) ? user : null;
  if (persist) {
    writeStore(TOKEN_KEY, token);
    writeStore(USER_KEY, state.user ? JSON.stringify(state.user) : null);
  }
  clearFormErrors('auth');
  els.authView.hidden = true;
  els.appView.hidden = false;
  els.session.hidden = false;
  renderWho();
  void loadTasks();
  connectLive();
  if (focus) els.addTitle.focus();
}

/** Forgets the token and shows the login form, with `message` as the reason if given. */
function logout(message) {
  stopSession();
  state.token = null;
  state.user = null;
  writeStore(TOKEN_KEY, null);
  writeStore(USER_KEY, null);
  showLogin(message);
}

function showLogin(message) {
  els.appView.hidden = true;
  els.session.hidden = true;
  els.authView.hidden = false;
  clearFormErrors('auth');
  if (message) {
    const p = document.createElement('p');
    p.textContent = message;
    FORMS.auth.error.append(p);
  }
  els.authEmail.focus();
}

/** Tears down everything that belongs to the signed-in user. */
function stopSession() {
  disconnectLive();
  listAbort?.abort();
  listAbort = null;
  state.generation += 1;
  state.items = [];
  state.nextCursor = null;
  state.pendingEvents = null;
  state.lastSeq = null;
  state.fetchedBeforeSync = false;
  setLoading(false);
  refreshSoon.cancel();
  for (const row of rows.values()) row.li.remove();
  rows.clear();
  els.tasks.replaceChildren();
  els.listError.textContent = '';
  clearFormErrors('add');
  renderListChrome();
}

function renderWho() {
  const user = state.user;
  els.who.textContent = user ? user.name || user.email : '';
  if (user) els.who.title = user.email;
  else els.who.removeAttribute('title');
}

// ---------------------------------------------------------------------------------------------------------
// View controls (kept in the address bar so a reload keeps them)

function readViewFromUrl() {
  const params = new URLSearchParams(location.search);
  const pick = (name, allowed, fallback) => {
    const value = params.get(name);
    return value !== null && allowed.includes(value) ? value : fallback;
  };
  state.view = {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    status: pick('status', STATUSES, 'open'),
    sort: pick('sort', SORTS, 'due'),
    order: pick('order', ORDERS, 'asc'),
  };
}

function writeViewToUrl() {
  const { q, status, sort, order } = state.view;
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (status !== 'open') params.set('status', status);
  if (sort !== 'due') params.set('sort', sort);
  if (order !== 'asc') params.set('order', order);
  const search = params.toString();
  history.replaceState(
    history.state,
    '',
    `${location.pathname}${search ? `?${search}` : ''}${location.hash}`,
  );
}

function syncControls() {
  const { q, status, sort, order } = state.view;
  if (els.q.value.trim() !== q) els.q.value = q;
  els.status.value = status;
  els.sort.value = sort;
  const asc = order === 'asc';
  els.orderIcon.textContent = asc ? '↑' : '↓';
  els.order.setAttribute(
    'aria-label',
    asc ? 'Ascending order; switch to descending' : 'Descending order; switch to ascending',
  );
  els.order.title = asc ? 'Ascending' : 'Descending';
}

/** Applies `patch` and the text in the search box (so a search still waiting for its debounce goes along). */
function setView(patch) {
  searchSoon.cancel();
  const next = { ...state.view, q: els.q.value.trim().slice(0, 200), ...patch };
  const { q, status, sort, order } = state.view;
  if (next.q === q && next.status === status && next.sort === sort && next.order === order) return;
  state.view = next;
  writeViewToUrl();
  syncControls();
  void loadTasks();
}

const searchSoon = debounce(() => setView({}), SEARCH_DEBOUNCE_MS);
els.q.addEventListener('input', searchSoon);
els.controls.addEventListener('submit', (event) => {
  event.preventDefault();
  setView({});
});
els.status.addEventListener('change', () => setView({ status: els.status.value }));
els.sort.addEventListener('change', () => setView({ sort: els.sort.value }));
els.order.addEventListener('click', () => setView({ order: state.view.order === 'asc' ? 'desc' : 'asc' }));

// ---------------------------------------------------------------------------------------------------------
// Task list

function listPath(extra) {
  const { q, status, sort, order } = state.view;
  const params = new URLSearchParams({ status });
  if (q) params.set('q', q);
  params.set('sort', sort);
  params.set('order', order);
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
  return `/tasks?${params}`;
}

let listAbort = null;

/**
 * Fetches the first page of the current view (or, with `append`, the next one). With `keepLength`
 * it fetches as many tasks as are shown, so a background refresh does not shrink the list.
 */
async function loadTasks({ append = false, keepLength = false } = {}) {
  if (!state.token || (append && (!state.nextCursor || state.loading))) return;
  listAbort?.abort();
  const controller = new AbortController();
  listAbort = controller;
  const generation = ++state.generation;
  if (state.lastSeq === null) state.fetchedBeforeSync = true;
  state.pendingEvents = [];
  const limit = keepLength ? Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, state.items.length)) : PAGE_SIZE;
  setLoading(true, { quiet: keepLength });

  try {
    const path = listPath(append ? { limit, cursor: state.nextCursor } : { limit });
    const page = await api('GET', path, undefined, { signal: controller.signal });
    if (generation !== state.generation) return;
    const items = Array.isArray(page?.items) ? page.items.filter(isTask) : [];
    let added = [];
    if (append) {
      const shown = new Set(state.items.map((task) => task.id));
      added = items.filter((task) => !shown.has(task.id));
      state.items.push(...added);
    } else {
      state.items = items;
    }
    state.nextCursor = typeof page?.nextCursor === 'string' && page.nextCursor ? page.nextCursor : null;
    els.listError.textContent = '';
    const pending = state.pendingEvents ?? [];
    state.pendingEvents = null;
    const focusAdded = added.length > 0 && document.activeElement === els.loadMore;
    renderList();
    if (focusAdded) rows.get(added[0].id)?.check.focus(); // keep the keyboard user's place
    // Changes that raced the request: applying them again is harmless (versions are compared).
    for (const event of pending) applyChange(event.type, event.task, { quiet: true });
  } catch (err) {
    if (generation !== state.generation || isSilentError(err)) return;
    state.pendingEvents = null;
    els.listError.textContent = errorText(err);
  } finally {
    if (generation === state.generation) {
      listAbort = null;
      setLoading(false);
    }
  }
}

/** Re-fetches the current view in the background (after a reload frame, a missed event, a search hit). */
const refreshSoon = debounce(() => void loadTasks({ keepLength: true }), 250);

els.loadMore.addEventListener('click', () => void loadTasks({ append: true }));

function setLoading(loading, { quiet = false } = {}) {
  state.loading = loading;
  els.tasks.setAttribute('aria-busy', String(loading));
  els.tasks.classList.toggle('is-loading', loading && !quiet);
  setDisabled(els.loadMore, loading);
  renderListChrome();
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function timeOf(iso) {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? null : ms;
}

/** The client's guess at the server's order, used to place a live change; the next fetch is authoritative. */
function compareTasks(a, b) {
  const { sort, order } = state.view;
  const dir = order === 'desc' ? -1 : 1;
  let c = 0;
  if (sort === 'due') {
    const ad = timeOf(a.dueAt);
    const bd = timeOf(b.dueAt);
    // Tasks without a due date go last in either order.
    if (ad === null || bd === null) c = ad === bd ? 0 : ad === null ? 1 : -1;
    else c = (ad - bd) * dir;
  } else if (sort === 'priority') {
    c = ((PRIORITY_RANK[a.priority] ?? 0) - (PRIORITY_RANK[b.priority] ?? 0)) * dir;
  } else if (sort === 'title') {
    c = collator.compare(a.title, b.title) * dir;
  } else {
    const key = sort === 'created' ? 'createdAt' : 'updatedAt';
    c = ((timeOf(a[key]) ?? 0) - (timeOf(b[key]) ?? 0)) * dir;
  }
  return c || tieBreak(a, b);
}

function tieBreak(a, b) {
  return (timeOf(a.createdAt) ?? 0) - (timeOf(b.createdAt) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether `task` belongs in the current view: true, false, or null when only the server can tell (search). */
function fitsView(task, shown) {
  const { status, q } = state.view;
  if (status !== 'all' && task.status !== status) return false;
  if (q && !shown) return null;
  return true;
}

/**
 * Applies one change to the list: insert, replace, move or remove the task. Returns true when the list
 * changed. `live` marks changes pushed by the server (announced); `quiet` skips highlight and announcement.
 */
function applyChange(type, task, { live = false, quiet = false } = {}) {
  const index = state.items.findIndex((t) => t.id === task.id);
  const current = index >= 0 ? state.items[index] : null;

  if (type === 'task.deleted') {
    if (!current) return false;
    state.items.splice(index, 1);
    removeRow(task.id);
    renderListChrome();
    if (live && !quiet) announce(`Deleted ${quoted(current.title)}`);
    return true;
  }

  if (current && Number(current.version) >= Number(task.version)) return false;
  const fits = fitsView(task, Boolean(current));
  if (fits === null) {
    refreshSoon();
    return false;
  }
  if (!fits) {
    if (!current) return false;
    state.items.splice(index, 1);
    updateRow(rows.get(task.id), task);
    removeRow(task.id);
    renderListChrome();
    if (live && !quiet) announce(describeChange(type, task));
    return true;
  }

  if (current) state.items.splice(index, 1);
  let at = state.items.findIndex((t) => compareTasks(task, t) < 0);
  if (at === -1) at = state.items.length;
  if (at === state.items.length && state.nextCursor) {
    // It sorts after everything loaded so far: it belongs to a page not fetched yet.
    if (current) removeRow(task.id);
    renderListChrome();
    return Boolean(current);
  }
  state.items.splice(at, 0, task);
  renderList();
  if (!quiet) {
    flashRow(task.id);
    if (live) announce(describeChange(type, task));
  }
  return true;
}

function describeChange(type, task) {
  const title = quoted(task.title);
  if (type === 'task.created') return `New task ${title}`;
  if (type === 'task.completed') return `Completed ${title}`;
  if (type === 'task.deleted') return `Deleted ${title}`;
  return `Updated ${title}`;
}

// --- Rows (keyed by task id, reused between renders so focus survives updates)

/** id → { li, check, title, badge, desc, due, repeat, tags, del, task } */
const rows = new Map();

function renderList() {
  const wanted = new Set(state.items.map((task) => task.id));
  for (const [id, row] of rows) {
    if (!wanted.has(id)) {
      row.li.remove();
      rows.delete(id);
    }
  }
  let ref = els.tasks.firstElementChild;
  for (const task of state.items) {
    let row = rows.get(task.id);
    if (!row) {
      row = createRow(task.id);
      rows.set(task.id, row);
    }
    if (row.task !== task) updateRow(row, task);
    while (ref && ref.classList.contains('leaving')) ref = ref.nextElementSibling;
    if (row.li === ref) ref = ref.nextElementSibling;
    else els.tasks.insertBefore(row.li, ref);
  }
  renderListChrome();
}

function renderListChrome() {
  const count = state.items.length;
  const signedIn = Boolean(state.token);
  els.loadMore.hidden = !signedIn || !state.nextCursor;
  els.listCount.textContent = signedIn && count ? `${count}${state.nextCursor ? '+' : ''} shown` : '';
  const showEmpty = signedIn && count === 0 && !state.loading && !els.listError.textContent;
  els.empty.hidden = !showEmpty;
  if (showEmpty) {
    const { q, status } = state.view;
    els.empty.textContent = q
      ? `No tasks match ${quoted(q)}.`
      : status === 'done'
        ? 'No completed tasks yet.'
        : status === 'open'
          ? 'Nothing open. Add a task above.'
          : 'No tasks yet. Add one above.';
  }
}

let rowCounter = 0;

function createRow(id) {
  const n = ++rowCounter;
  const li = document.createElement('li');
  li.className = 'task';
  li.dataset.id = id;

  const check = document.createElement('input');
  check.type = 'checkbox';
  check.className = 'task-check';
  check.id = `task-${n}-done`;

  const body = document.createElement('div');
  body.className = 'task-body';
  const line = document.createElement('div');
  line.className = 'task-line';
  const title = document.createElement('label');
  title.className = 'task-title';
  title.htmlFor = check.id;
  const badge = document.createElement('span');
  line.append(title, badge);
  const desc = document.createElement('p');
  desc.className = 'task-desc';
  const meta = document.createElement('div');
  meta.className = 'task-meta';
  const due = document.createElement('time');
  due.className = 'due';
  const repeat = document.createElement('span');
  repeat.className = 'repeat';
  repeat.textContent = 'Repeats';
  const tags = document.createElement('ul');
  tags.className = 'tags';
  tags.setAttribute('aria-label', 'Tags');
  meta.append(due, repeat, tags);
  body.append(line, desc, meta);

  const del = document.createElement('button');
  del.type = 'button';
  del.className = 'btn btn-ghost btn-danger task-delete';
  del.textContent = 'Delete';

  li.append(check, body, del);
  return { li, check, title, badge, desc, due, repeat, tags, del, task: null, busy: false, flashTimer: 0 };
}

function updateRow(row, task) {
  if (!row) return;
  row.task = task;
  const done = task.status === 'done';
  row.li.classList.toggle('done', done);
  if (!row.busy) row.check.checked = done;
  row.title.textContent = task.title;
  row.del.setAttribute('aria-label', `Delete ${quoted(task.title)}`);

  const priority = PRIORITIES.includes(task.priority) ? task.priority : 'none';
  row.badge.hidden = priority === 'none';
  row.badge.className = `badge badge-${priority}`;
  row.badge.textContent = `${priority[0].toUpperCase()}${priority.slice(1)}`;

  const description = typeof task.description === 'string' ? task.description.trim() : '';
  row.desc.hidden = !description;
  row.desc.textContent = description;

  row.repeat.hidden = !task.recurrence;

  const tags = Array.isArray(task.tags) ? task.tags.filter((tag) => typeof tag === 'string') : [];
  row.tags.hidden = tags.length === 0;
  row.tags.replaceChildren(
    ...tags.map((tag) => {
      const chip = document.createElement('li');
      chip.className = 'chip';
      chip.textContent = tag;
      return chip;
    }),
  );
  renderDue(row);
}

function isOverdue(task) {
  const due = timeOf(task.dueAt);
  return task.status === 'open' && due !== null && due < Date.now();
}

function renderDue(row) {
  const task = row.task;
  const due = timeOf(task.dueAt);
  row.due.hidden = due === null;
  const overdue = isOverdue(task);
  row.li.classList.toggle('overdue', overdue);
  if (due === null) {
    row.due.textContent = '';
    row.due.removeAttribute('datetime');
    row.due.removeAttribute('title');
    return;
  }
  const when = formatDue(due, task.timezone);
  row.due.textContent = overdue ? `Overdue · ${when}` : `Due ${when}`;
  row.due.dateTime = new Date(due).toISOString();
  row.due.title = formatFull(due, task.timezone);
}

const formatters = new Map();

function formatter(options, timeZone) {
  const key = JSON.stringify([options, timeZone]);
  let fmt = formatters.get(key);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    } catch {
      fmt = new Intl.DateTimeFormat(undefined, options); // unknown zone: fall back to the browser's
    }
    formatters.set(key, fmt);
  }
  return fmt;
}

/** Short due date in the task's own time zone, naming the zone when it is not the browser's. */
function formatDue(ms, timeZone) {
  const zone = typeof timeZone === 'string' && timeZone ? timeZone : undefined;
  const options = { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
  if (new Date(ms).getFullYear() !== new Date().getFullYear()) options.year = 'numeric';
  if (zone && zone !== BROWSER_TZ) options.timeZoneName = 'short';
  return formatter(options, zone).format(ms);
}

function formatFull(ms, timeZone) {
  const zone = typeof timeZone === 'string' && timeZone ? timeZone : undefined;
  return formatter({ dateStyle: 'full', timeStyle: 'long' }, zone).format(ms);
}

// Overdue changes with the clock, not only with the data.
setInterval(() => {
  for (const row of rows.values())
    if (row.task && isOverdue(row.task) !== row.li.classList.contains('overdue')) renderDue(row);
}, 30_000);

function flashRow(id) {
  const row = rows.get(id);
  if (!row) return;
  row.li.classList.remove('flash');
  void row.li.offsetWidth; // restart the animation
  row.li.classList.add('flash');
  clearTimeout(row.flashTimer);
  row.flashTimer = setTimeout(() => row.li.classList.remove('flash'), 1600);
}

/** Fades a row out and drops it; moves focus to a neighbour if it was inside. */
function removeRow(id) {
  const row = rows.get(id);
  if (!row) return;
  rows.delete(id);
  const li = row.li;
  if (li.contains(document.activeElement)) {
    let next = li.nextElementSibling;
    while (next && next.classList.contains('leaving')) next = next.nextElementSibling;
    let prev = li.previousElementSibling;
    while (prev && prev.classList.contains('leaving')) prev = prev.previousElementSibling;
    const target = (next ?? prev)?.querySelector('.task-check');
    if (target) target.focus();
    else els.addTitle.focus();
  }
  li.classList.add('leaving');
  setTimeout(() => li.remove(), 260);
}

// --- Row actions (event delegation)

function rowOf(target) {
  const id = target instanceof Element ? target.closest('.task')?.getAttribute('data-id') : null;
  return id ? rows.get(id) : undefined;
}

els.tasks.addEventListener('click', (event) => {
  const row = rowOf(event.target);
  if (!row) return;
  if (event.target === row.check) {
    if (row.busy) event.preventDefault(); // one request at a time; the box keeps its state
  } else if (event.target instanceof Element && event.target.closest('.task-delete')) {
    void deleteTask(row);
  }
});

els.tasks.addEventListener('change', (event) => {
  const row = rowOf(event.target);
  if (row && event.target === row.check && !row.busy) void setDone(row, row.check.checked);
});

/** A task from a complete/reopen answer, whether it is the task itself or wraps it. */
function taskFrom(body) {
  if (isTask(body)) return body;
  if (body && isTask(body.task)) return body.task;
  return null;
}

/** While a row's request runs, its controls are aria-disabled (not disabled, which would drop focus). */
function setRowBusy(row, busy) {
  row.busy = busy;
  setDisabled(row.check, busy);
  setDisabled(row.del, busy);
}

async function setDone(row, done) {
  const { task } = row;
  setRowBusy(row, true);
  els.listError.textContent = '';
  try {
    const body = await api('POST', `/tasks/${encodeURIComponent(task.id)}/${done ? 'complete' : 'reopen'}`);
    setRowBusy(row, false);
    const updated = taskFrom(body);
    if (updated) {
      if (applyChange(done ? 'task.completed' : 'task.updated', updated)) {
        announce(`${done ? 'Completed' : 'Reopened'} ${quoted(updated.title)}`);
      }
    } else {
      refreshSoon();
    }
  } catch (err) {
    setRowBusy(row, false);
    row.check.checked = row.task.status === 'done';
    if (!isSilentError(err)) els.listError.textContent = errorText(err);
  }
}

async function deleteTask(row) {
  if (row.busy) return;
  const { task } = row;
  setRowBusy(row, true);
  els.listError.textContent = '';
  try {
    await api('DELETE', `/tasks/${encodeURIComponent(task.id)}`);
    if (applyChange('task.deleted', task)) announce(`Deleted ${quoted(task.title)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      applyChange('task.deleted', task); // already gone
      return;
    }
    setRowBusy(row, false);
    if (!isSilentError(err)) els.listError.textContent = errorText(err);
  }
}

// --- Add form

/** "Work, #errands, ,home" → ["work", "errands", "home"]; the server lower-cases and de-duplicates. */
function parseTags(text) {
  return text
    .split(',')
    .map((part) => part.trim().replace(/^#+/u, ''))
    .filter(Boolean);
}

els.addForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (isBusy(els.addForm)) return;
  clearFormErrors('add');
  const title = els.addTitle.value.trim();
  const fields = {};
  if (!title) fields.title = 'Enter a title.';
  let dueAt = null;
  if (els.addDue.validity.badInput) fields.dueAt = 'Complete the date and time, or clear it.';
  else if (els.addDue.value) {
    const date = new Date(els.addDue.value); // datetime-local has no zone: read as the browser's local time
    if (Number.isNaN(date.getTime())) fields.dueAt = 'Enter a valid date and time.';
    else dueAt = date.toISOString();
  }
  if (Object.keys(fields).length) {
    showFormErrors('add', new ApiError(0, 'invalid_input', 'Please check the highlighted fields.', fields));
    return;
  }

  const body = {
    title,
    priority: PRIORITIES.includes(els.addPriority.value) ? els.addPriority.value : 'none',
    tags: parseTags(els.addTags.value),
    ...(dueAt ? { dueAt } : {}),
    ...(BROWSER_TZ ? { timezone: BROWSER_TZ } : {}),
  };
  setFormBusy(els.addForm, true);
  try {
    const created = await api('POST', '/tasks', body);
    els.addForm.reset();
    els.addTitle.focus();
    if (isTask(created)) {
      const shown = applyChange('task.created', created);
      const visible = shown || rows.has(created.id);
      announce(`Added ${quoted(created.title)}${visible || state.view.q ? '' : ' (not shown in this view)'}`);
    } else {
      refreshSoon();
      announce(`Added ${quoted(title)}`);
    }
  } catch (err) {
    showFormErrors('add', err);
  } finally {
    setFormBusy(els.addForm, false);
  }
});

// ---------------------------------------------------------------------------------------------------------
// Live updates over the WebSocket

const live = {
  socket: null,
  /** Whether a connection should exist (signed in); false stops reconnecting. */
  wanted: false,
  attempt: 0,
  retryTimer: 0,
  pingTimer: 0,
  pongTimer: 0,
};

const CONN_LABELS = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

function setConn(status) {
  els.conn.dataset.state = status;
  els.connLabel.textContent = CONN_LABELS[status];
  els.conn.title =
    status === 'connected'
      ? 'Live updates are on: changes from other tabs appear here'
      : 'Live updates are paused';
}

function liveUrl() {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

function connectLive() {
  live.wanted = true;
  clearTimeout(live.retryTimer);
  if (live.socket || !state.token) return;
  setConn(live.attempt === 0 && state.lastSeq === null ? 'connecting' : 'reconnecting');
  let socket;
  try {
    socket = new WebSocket(liveUrl());
  } catch (err) {
    console.warn('[live] cannot open the socket', err);
    scheduleReconnect();
    return;
  }
  live.socket = socket;
  socket.addEventListener('open', () => {
    if (live.socket === socket) send({ type: 'auth', token: state.token });
  });
  socket.addEventListener('message', (event) => {
    if (live.socket === socket) onFrame(event.data);
  });
  socket.addEventListener('close', () => {
    if (live.socket !== socket) return;
    dropSocket();
    scheduleReconnect();
  });
  // An 'error' is always followed by 'close', which reconnects.
}

function disconnectLive() {
  live.wanted = false;
  clearTimeout(live.retryTimer);
  live.attempt = 0;
  dropSocket();
  setConn('offline');
}

/** Forgets the current socket (its late events are ignored) and closes it. */
function dropSocket() {
  const socket = live.socket;
  live.socket = null;
  clearInterval(live.pingTimer);
  clearTimeout(live.pongTimer);
  if (!socket) return;
  // Closing a socket that is still connecting makes the browser log a warning: close it once open instead.
  if (socket.readyState === WebSocket.CONNECTING) socket.addEventListener('open', () => socket.close(1000));
  else if (socket.readyState === WebSocket.OPEN) socket.close(1000);
}

function scheduleReconnect() {
  if (!live.wanted || !state.token) {
    setConn('offline');
    return;
  }
  setConn('reconnecting');
  clearTimeout(live.retryTimer);
  const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** live.attempt);
  live.attempt += 1;
  live.retryTimer = setTimeout(connectLive, delay * (0.8 + Math.random() * 0.2));
}

/** Reconnect at once when the network or the tab comes back. */
function reconnectNow() {
  if (!live.wanted || live.socket || !state.token) return;
  live.attempt = 0;
  connectLive();
}
window.addEventListener('online', reconnectNow);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') reconnectNow();
});

function send(frame) {
  if (live.socket && live.socket.readyState === WebSocket.OPEN) live.socket.send(JSON.stringify(frame));
}

function startHeartbeat() {
  clearInterval(live.pingTimer);
  live.pingTimer = setInterval(() => {
    send({ type: 'ping' });
    clearTimeout(live.pongTimer);
    live.pongTimer = setTimeout(() => {
      // No answer: the connection is dead even if the browser has not noticed yet.
      console.warn('[live] no pong; reconnecting');
      dropSocket();
      scheduleReconnect();
    }, PONG_TIMEOUT_MS);
  }, PING_EVERY_MS);
}

function onFrame(data) {
  const frame = typeof data === 'string' ? parseJson(data) : null;
  if (!frame || typeof frame !== 'object') {
    console.warn('[live] ignoring a frame that is not a JSON object');
    return;
  }
  switch (frame.type) {
    case 'ready':
      onReady(frame);
      break;
    case 'task.event':
      onTaskEvent(frame.event);
      break;
    case 'notification':
      showReminder(frame.notification);
      break;
    case 'reload':
      if (Number.isInteger(frame.seq)) state.lastSeq = frame.seq;
      refreshSoon();
      break;
    case 'pong':
      clearTimeout(live.pongTimer);
      break;
    case 'error':
      console.warn(`[live] ${frame.code}: ${frame.message}`);
      // The socket refused the token: an HTTP request tells whether the session is over (401 → login).
      if (frame.code === 'unauthenticated') refreshSoon();
      break;
    default:
      break; // 'subscribed' and frame types this page does not use
  }
}

function onReady(frame) {
  live.attempt = 0;
  void showUnreadReminders();
  setConn('connected');
  if (isUser(frame.user)) {
    state.user = frame.user;
    writeStore(USER_KEY, JSON.stringify(frame.user));
    renderWho();
  }
  if (state.lastSeq === null) {
    // First connection: from here on every change arrives as an event. A list fetched before this point
    // may have missed changes made in between, so fetch it once more (unless nothing ever changed).
    state.lastSeq = Number.isInteger(frame.seq) ? frame.seq : 0;
    if (state.fetchedBeforeSync && state.lastSeq > 0) refreshSoon();
  } else {
    send({ type: 'resume', lastSeq: state.lastSeq });
  }
  startHeartbeat();
}

function onTaskEvent(event) {
  if (!event || !EVENT_TYPES.has(event.type) || !isTask(event.task)) {
    console.warn('[live] ignoring a malformed task event');
    return;
  }
  if (Number.isInteger(event.seq)) {
    if (state.lastSeq !== null && event.seq <= state.lastSeq) return; // seen already (replay overlap)
    const missed = state.lastSeq !== null && event.seq > state.lastSeq + 1;
    state.lastSeq = event.seq;
    if (missed) refreshSoon();
  }
  state.pendingEvents?.push(event);
  applyChange(event.type, event.task, { live: true });
}

// ---------------------------------------------------------------------------------------------------------
// Start

readViewFromUrl();
syncControls();
{
  const token = readStore(TOKEN_KEY);
  if (token) signIn(token, parseJson(readStore(USER_KEY) ?? ''), { persist: false, focus: false });
  else showLogin();
}

// ---------------------------------------------------------------------------------------------------------
// Reminders

/** Reminders that fired while no tab was open are waiting in the inbox: show them on (re)connect. */
async function showUnreadReminders() {
  try {
    const page = await api('GET', '/notifications?unread=true&limit=20');
    for (const notification of (page && page.items) || []) showReminder(notification);
  } catch (err) {
    console.warn('[reminders] could not load unread reminders', err);
  }
}

/** One card per notification (a second copy of the same one is ignored), until dismissed or snoozed. */
function showReminder(notification) {
  if (!notification || typeof notification.id !== 'string') return;
  if (els.reminders.querySelector(`[data-id="${CSS.escape(notification.id)}"]`)) return;
  const card = document.createElement('article');
  card.className = 'reminder';
  card.dataset.id = notification.id;
  const text = document.createElement('p');
  const due = notification.dueAt ? ` (due ${new Date(notification.dueAt).toLocaleString()})` : '';
  text.textContent = `Reminder: ${notification.title}${due}`;
  const actions = document.createElement('div');
  actions.className = 'actions';
  const button = (label, onClick) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'btn btn-ghost';
    b.textContent = label;
    b.addEventListener(
      'click',
      () =>
        void onClick().then(
          () => card.remove(),
          (err) => announce(err.message),
        ),
    );
    actions.append(b);
  };
  button('Dismiss', () => api('POST', `/notifications/${notification.id}/read`));
  button('Snooze 5 min', () => api('POST', `/notifications/${notification.id}/snooze`, { until: '5m' }));
  button('Tomorrow 9:00', () =>
    api('POST', `/notifications/${notification.id}/snooze`, { until: 'tomorrow-9am' }),
  );
  card.append(text, actions);
  els.reminders.append(card);
  announce(`Reminder: ${notification.title}`);
}
