/** The inbox pages' stylesheet (inline: the pages' policy loads nothing else). */
export const INBOX_STYLE = `
  :root { color-scheme: light; --ink: #1d2433; --muted: #5b6478; --line: #e3e6ee; --accent: #e0234e; --bg: #f6f7fb; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
  header { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; padding: 12px 24px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { margin: 0; font-size: 18px; } header h1 span { color: var(--accent); }
  header nav { display: flex; gap: 12px; } header a { color: var(--ink); }
  header form { display: flex; gap: 6px; margin: 0; }
  .grow { flex: 1; }
  input, button { font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; }
  button { background: var(--accent); color: #fff; border: 0; cursor: pointer; }
  button.quiet { background: #eef0f6; color: var(--ink); }
  main { display: grid; grid-template-columns: minmax(380px, 1fr) minmax(380px, 1.2fr); gap: 16px; padding: 16px 24px; }
  main.single { grid-template-columns: 1fr; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
  h2 { font-size: 15px; margin: 0 0 10px; } h3 { font-size: 13px; margin: 14px 0 6px; color: var(--muted); text-transform: uppercase; }
  table { width: 100%; border-collapse: collapse; table-layout: fixed; }
  th, td { text-align: left; padding: 7px 6px; border-bottom: 1px solid var(--line); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; }
  tbody tr:hover { background: #f3f5fa; } tr.selected { background: #fde8ed; }
  td a { color: inherit; text-decoration: none; font-weight: 600; display: block; overflow: hidden; text-overflow: ellipsis; }
  .muted, .empty { color: var(--muted); }
  .live { font-size: 12px; color: var(--muted); font-weight: normal; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 12px; margin: 0 0 12px; }
  dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
  iframe { width: 100%; height: 360px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fafbfd; border: 1px solid var(--line); border-radius: 6px; padding: 10px; margin: 0; }
  .error { color: #b00020; }
`;
