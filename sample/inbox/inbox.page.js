/** Escapes text for HTML content and double- or single-quoted attributes. */
export function escapeHtml(value) {
    return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
const STYLE = `
  :root { color-scheme: light; --ink: #1d2433; --muted: #5b6478; --line: #e3e6ee; --accent: #e0234e; --bg: #f6f7fb; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
  header { padding: 14px 24px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { margin: 0; font-size: 18px; } header h1 span { color: var(--accent); }
  header p { margin: 4px 0 0; color: var(--muted); }
  code { background: #eef0f6; padding: 1px 5px; border-radius: 4px; }
  main { display: grid; grid-template-columns: minmax(420px, 1.15fr) minmax(360px, 1fr); gap: 16px; padding: 16px 24px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
  h2 { font-size: 15px; margin: 0 0 10px; }
  form { display: grid; grid-template-columns: 1fr 1fr auto; gap: 8px; margin-bottom: 14px; }
  form textarea { grid-column: 1 / 3; height: 38px; }
  input, textarea, button { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; }
  button { background: var(--accent); color: #fff; border: 0; cursor: pointer; }
  output { grid-column: 1 / -1; color: var(--muted); min-height: 1.2em; }
  table { width: 100%; border-collapse: collapse; table-layout: fixed; }
  th, td { text-align: left; padding: 7px 6px; border-bottom: 1px solid var(--line); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; }
  tbody tr { cursor: pointer; } tbody tr:hover { background: #f3f5fa; } tr.selected { background: #fde8ed; }
  td a { color: inherit; text-decoration: none; font-weight: 600; }
  .empty { color: var(--muted); }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 12px; margin: 0 0 12px; }
  dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
  iframe { width: 100%; height: 320px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fafbfd; border: 1px solid var(--line); border-radius: 6px; padding: 10px; }
  .live { font-size: 12px; color: var(--muted); font-weight: normal; }
`;
/** Runs in the browser: refreshes the list when /messages changes, opens rows, posts the test form. */
const SCRIPT = `
(() => {
  const table = document.getElementById('messages');
  const rows = table.tBodies[0];
  const count = document.getElementById('count');
  const empty = document.getElementById('empty');
  const selected = new URLSearchParams(location.search).get('id');
  const when = (iso) => {
    const date = new Date(iso);
    return date.toDateString() === new Date().toDateString() ? date.toLocaleTimeString() : date.toLocaleString();
  };
  // '"Ann" <ann@example.com>' shows as Ann; the full address is in the tooltip.
  const display = (address) => (/^\\s*"?([^"<]*?)"?\\s*<[^>]*>\\s*$/.exec(address) || [])[1] || address;
  const open = (id) => { location.search = '?id=' + encodeURIComponent(id); };
  const cell = (text, title = text) => { const td = document.createElement('td'); td.textContent = text; td.title = title; return td; };
  function render(items) {
    rows.replaceChildren(...items.map((m) => {
      const tr = document.createElement('tr');
      tr.dataset.id = m.id;
      if (m.id === selected) tr.className = 'selected';
      const subject = document.createElement('td');
      const link = document.createElement('a');
      link.href = '/?id=' + encodeURIComponent(m.id);
      link.textContent = m.subject || '(no subject)';
      subject.append(link);
      tr.append(cell(display(m.from), m.from), cell(m.to.join(', ')), subject, cell(when(m.date), m.date));
      return tr;
    }));
    table.dataset.ids = items.map((m) => m.id).join(',');
    count.textContent = '(' + items.length + ')';
    empty.hidden = items.length > 0;
  }
  async function refresh() {
    try {
      const res = await fetch('/messages', { cache: 'no-store' });
      if (!res.ok) return;
      const items = await res.json();
      if (items.map((m) => m.id).join(',') !== table.dataset.ids) render(items);
    } catch { /* the server is restarting: try again on the next tick */ }
  }
  rows.addEventListener('click', (event) => {
    const tr = event.target.closest('tr[data-id]');
    if (tr && !event.target.closest('a')) open(tr.dataset.id);
  });
  document.querySelectorAll('time[datetime]').forEach((t) => { t.textContent = when(t.dateTime); });
  document.querySelectorAll('td[data-address]').forEach((td) => { td.textContent = display(td.dataset.address); });
  const form = document.getElementById('send');
  const result = document.getElementById('send-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { to: form.elements.to.value, subject: form.elements.subject.value, text: form.elements.text.value };
    result.textContent = 'Sending...';
    try {
      const res = await fetch('/mail', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await res.json();
      result.textContent = res.ok ? 'Sent ' + json.messageId : res.status + (json.code ? ' ' + json.code : '') + ': ' + json.message;
    } catch (err) {
      result.textContent = 'Request failed: ' + err.message;
    }
    refresh();
  });
  setInterval(refresh, 2000);
})();
`;
function where(model) {
    if (model.embeddedUrl) {
        return `Embedded development SMTP server at <code>${escapeHtml(model.embeddedUrl)}</code>: mail sent by <code>POST /mail</code> lands here.`;
    }
    return `<code>MAIL_URL</code> is set: mail goes to <code>${escapeHtml(model.upstream ?? '')}</code>. There is no embedded inbox, so the list below stays empty.`;
}
function row(message, selectedId) {
    const to = message.to.join(', ');
    return `<tr data-id="${escapeHtml(message.id)}"${message.id === selectedId ? ' class="selected"' : ''}>`
        + `<td title="${escapeHtml(message.from)}" data-address="${escapeHtml(message.from)}">${escapeHtml(message.from)}</td>`
        + `<td title="${escapeHtml(to)}">${escapeHtml(to)}</td>`
        + `<td><a href="/?id=${encodeURIComponent(message.id)}">${escapeHtml(message.subject || '(no subject)')}</a></td>`
        + `<td><time datetime="${escapeHtml(message.date)}">${escapeHtml(message.date)}</time></td></tr>`;
}
function detail(message) {
    if (!message)
        return '<h2>Message</h2><p class="empty">Select a message to read it.</p>';
    const fields = [
        ['From', message.from],
        ['To', message.to.join(', ')],
        ...(message.cc.length ? [['Cc', message.cc.join(', ')]] : []),
        ['Envelope', `${message.envelope.from} → ${message.envelope.to.join(', ')}`],
        ['Size', `${message.size} bytes`],
    ];
    const attachments = message.attachments.map((attachment, index) => `<li><a href="/messages/${encodeURIComponent(message.id)}/attachments/${index}">${escapeHtml(attachment.filename)}</a> (${escapeHtml(attachment.contentType)}, ${attachment.size} bytes)</li>`).join('');
    const headers = Object.entries(message.headers).map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`).join('');
    return `<h2>${escapeHtml(message.subject || '(no subject)')}</h2>`
        + `<dl>${fields.map(([key, value]) => `<dt>${key}</dt><dd>${escapeHtml(value)}</dd>`).join('')}<dt>Received</dt><dd><time datetime="${escapeHtml(message.date)}">${escapeHtml(message.date)}</time></dd></dl>`
        // An empty sandbox: the mail's HTML gets no script, no forms, no same-origin access, no top navigation.
        + (message.html !== undefined ? `<h3>HTML</h3><iframe sandbox="" referrerpolicy="no-referrer" title="HTML body" srcdoc="${escapeHtml(message.html)}"></iframe>` : '')
        + (message.text !== undefined ? `<h3>Text</h3><pre>${escapeHtml(message.text)}</pre>` : '')
        + (attachments ? `<h3>Attachments</h3><ul>${attachments}</ul>` : '')
        + `<details><summary>Headers</summary><dl>${headers}</dl></details>`;
}
/** The whole page. Every value from a message is escaped; the mail's HTML only ever renders in the sandbox. */
export function renderInboxPage(model) {
    const ids = model.messages.map((message) => message.id).join(',');
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inbox · nestjs-smtp sample</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1><span>nestjs-smtp</span> sample · inbox</h1>
<p id="where">${where(model)}</p>
</header>
<main>
<section>
<h2>Send a test message</h2>
<form id="send">
<input name="to" type="text" placeholder="to" value="ann@example.com" required>
<input name="subject" type="text" placeholder="subject" value="Hello from the sample" required>
<button type="submit">Send</button>
<textarea name="text" placeholder="text">It works.</textarea>
<output id="send-result"></output>
</form>
<h2>Received <span id="count">(${model.messages.length})</span> <span class="live">updates every 2 s</span></h2>
<table id="messages" data-ids="${escapeHtml(ids)}">
<colgroup><col style="width:24%"><col style="width:26%"><col><col style="width:17%"></colgroup>
<thead><tr><th>From</th><th>To</th><th>Subject</th><th>Received</th></tr></thead>
<tbody>${model.messages.map((message) => row(message, model.selected?.id)).join('')}</tbody>
</table>
<p id="empty" class="empty"${model.messages.length ? ' hidden' : ''}>No messages yet. Send one with the form above or <code>POST /mail</code>.</p>
</section>
<section id="detail">${detail(model.selected)}</section>
</main>
<script nonce="${escapeHtml(model.nonce)}">${SCRIPT}</script>
</body>
</html>
`;
}
//# sourceMappingURL=inbox.page.js.map