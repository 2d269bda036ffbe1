// The inspector's one script, an enhancement: every page works without it. It listens to the
// server-sent events of /inspector/events and, when a change concerns what the page shows, fetches
// the page's live part again (rendered by the server) and swaps it in, keeping the focus. It also
// applies the session filters as they change, without reloading the page.
const live = document.querySelector('[data-live]');
const state = document.getElementById('live-state');
const scope = live?.dataset.live;
const session = live?.dataset.session ? JSON.parse(live.dataset.session) : undefined;

const STATES = { on: 'Live', retrying: 'Reconnecting…', off: 'Live updates off' };
function setState(name) {
  if (!state) return;
  state.dataset.state = name;
  state.textContent = STATES[name];
}

/** Whether an update from the server concerns this page. */
function concerns(update) {
  if (scope === 'sessions') return update.more || update.sessions.length > 0;
  if (scope === 'quarantine') return update.quarantine;
  if (scope === 'session' && session)
    return update.more || update.sessions.some(([p, id]) => p === session[0] && id === session[1]);
  return false;
}

/** Something to find the focused element by again once the content is replaced. */
function focusKey(element) {
  if (!live?.contains(element)) return undefined;
  const row = element.closest('[data-session],[data-event],[data-change],[data-entry]');
  return {
    href: element.getAttribute('href'),
    tag: element.tagName,
    row: row?.outerHTML.slice(0, 200),
  };
}

/** The shortest pause between two fetches; after a slow one, twice the time it took. */
const MIN_GAP_MS = 250;
let loading = false;
let again = false;
async function refresh() {
  if (!live) return;
  if (loading) {
    again = true;
    return;
  }
  loading = true;
  const started = performance.now();
  try {
    const response = await fetch(location.href, { headers: { 'x-inspector-fragment': 'live' } });
    if (response.ok) {
      const key = focusKey(document.activeElement);
      live.innerHTML = await response.text();
      live.dataset.refreshed = String(Number(live.dataset.refreshed ?? 0) + 1);
      if (key?.href) {
        const same = [...live.querySelectorAll('a[href]')].find(
          (a) => a.getAttribute('href') === key.href,
        );
        same?.focus();
      }
    }
  } catch {
    // The next update, or the reconnection, tries again.
  } finally {
    // Paced, so that a page left open during a load test takes a bounded share of the machine.
    const gap = Math.max(MIN_GAP_MS, 2 * (performance.now() - started));
    setTimeout(() => {
      loading = false;
      if (again) {
        again = false;
        void refresh();
      }
    }, gap);
  }
}

if (live && 'EventSource' in window) {
  const events = new EventSource('/inspector/events');
  events.addEventListener('open', () => {
    setState('on');
    // Counted, so that a test can tell updates that came live from ones a reconnection fetched.
    live.dataset.opens = String(Number(live.dataset.opens ?? 0) + 1);
    // Whatever happened while the stream was down.
    void refresh();
  });
  events.addEventListener('error', () => setState('retrying'));
  events.addEventListener('update', (event) => {
    if (concerns(JSON.parse(event.data))) void refresh();
  });
}

// Filters: applied as they change, the address kept in step so that it can be shared or reloaded.
const filters = document.querySelector('form[data-filters]');
if (filters && live) {
  let timer;
  const apply = () => {
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(filters)) if (value !== '') query.set(name, value);
    const search = query.toString();
    history.replaceState(null, '', search ? `?${search}` : location.pathname);
    void refresh();
  };
  filters.addEventListener('change', apply);
  filters.addEventListener('input', (event) => {
    if (event.target.type !== 'search') return;
    clearTimeout(timer);
    timer = setTimeout(apply, 250);
  });
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
}
