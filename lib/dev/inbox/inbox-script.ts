/** The inbox page's script: keeps the list current from the event stream, without a reload. */

/**
 * Runs in the browser under the page's nonce. On each `message` or `clear` event it fetches the list again (with
 * the page's search, so a filtered list stays filtered) and rebuilds the rows with `textContent`, never HTML.
 */
export const INBOX_SCRIPT = `
(() => {
  const base = document.body.dataset.base;
  const params = new URLSearchParams(location.search);
  const query = params.get('q') || '';
  const selected = params.get('id');
  const rows = document.querySelector('#messages tbody');
  const count = document.getElementById('count');
  const empty = document.getElementById('empty');
  const status = document.getElementById('status');
  const when = (iso) => {
    const date = new Date(iso);
    return date.toDateString() === new Date().toDateString() ? date.toLocaleTimeString() : date.toLocaleString();
  };
  const cell = (text) => { const td = document.createElement('td'); td.textContent = text; td.title = text; return td; };
  const link = (m) => base + '/?' + new URLSearchParams(query ? { id: m.id, q: query } : { id: m.id });
  function render(items) {
    rows.replaceChildren(...items.map((m) => {
      const tr = document.createElement('tr');
      tr.dataset.id = m.id;
      if (m.id === selected) tr.className = 'selected';
      const subject = document.createElement('td');
      const a = document.createElement('a');
      a.href = link(m);
      a.textContent = m.subject || '(no subject)';
      subject.append(a);
      const time = cell(when(m.date));
      time.title = m.date;
      tr.append(cell(m.from || ''), cell(m.to.join(', ')), subject, time);
      return tr;
    }));
    count.textContent = '(' + items.length + ')';
    empty.hidden = items.length > 0;
  }
  async function refresh() {
    try {
      const res = await fetch(base + '/api/messages?q=' + encodeURIComponent(query), { cache: 'no-store' });
      if (res.ok) render(await res.json());
    } catch { /* the server is restarting: the stream reconnects and refreshes again */ }
  }
  document.querySelectorAll('td[data-date]').forEach((td) => { td.textContent = when(td.dataset.date); });
  const events = new EventSource(base + '/events');
  events.addEventListener('message', refresh);
  events.addEventListener('clear', refresh);
  // After a reconnect, messages may have arrived while the stream was down.
  events.addEventListener('open', () => { status.textContent = 'live'; refresh(); });
  events.addEventListener('error', () => { status.textContent = 'reconnecting...'; });
})();
`;
