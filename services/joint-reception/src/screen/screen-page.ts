// The hall display's page: one file, no external resources (works offline, in a government network).
// It follows /events (server-sent events) and falls back to polling /state every 2 s.
export const SCREEN_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>叫号屏</title>
<style>
  * { box-sizing: border-box; margin: 0; padding: 0; }
  body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
         background: #0b2a4a; color: #f4f7fb; min-height: 100vh; display: flex; flex-direction: column; }
  header { display: flex; justify-content: space-between; align-items: baseline; padding: 18px 32px; background: #08203a;
           border-bottom: 4px solid #c8102e; }
  header h1 { font-size: 34px; letter-spacing: 2px; }
  header .clock { font-size: 26px; font-variant-numeric: tabular-nums; }
  main { flex: 1; display: grid; grid-template-columns: 1.1fr 1fr; gap: 24px; padding: 24px 32px; }
  .now { background: #123c66; border-radius: 12px; padding: 24px; display: flex; flex-direction: column; }
  .now h2, .windows h2 { font-size: 24px; color: #9fc3e8; margin-bottom: 12px; }
  .call { font-size: 54px; font-weight: bold; line-height: 1.3; white-space: nowrap; }
  .dept { font-size: 32px; color: #cfe0f2; margin-top: 8px; min-height: 42px; }
  .call .num { color: #ffd84d; }
  .call.flash { animation: flash 1s ease-in-out 3; }
  @keyframes flash { 50% { opacity: .25; } }
  .recent { margin-top: auto; font-size: 22px; color: #cfe0f2; }
  .recent li { list-style: none; padding: 6px 0; border-top: 1px solid #24507d; }
  .windows table { width: 100%; border-collapse: collapse; font-size: 26px; }
  .windows th { text-align: left; color: #9fc3e8; font-weight: normal; padding: 8px; border-bottom: 2px solid #24507d; }
  .windows td { padding: 10px 8px; border-bottom: 1px solid #1c4670; }
  .windows td.serving { color: #ffd84d; font-weight: bold; }
  .windows tr.off td { color: #7d94ab; }
  footer { display: flex; justify-content: space-between; padding: 14px 32px; background: #08203a; font-size: 22px; }
  .status.stale { color: #ff9b9b; }
</style>
</head>
<body>
<header><h1 id="hall">联合接访大厅</h1><div class="clock" id="clock"></div></header>
<main>
  <section class="now">
    <h2>正在叫号</h2>
    <div class="call" id="call">请稍候</div>
    <div class="dept" id="call-dept"></div>
    <ul class="recent" id="recent"></ul>
  </section>
  <section class="windows">
    <h2>各窗口</h2>
    <table>
      <thead><tr><th>窗口</th><th>进驻单位</th><th>当前号</th><th>等候</th></tr></thead>
      <tbody id="windows"></tbody>
    </table>
  </section>
</main>
<footer><span id="waiting">等候 0 号</span><span class="status" id="status">连接中…</span></footer>
<script>
(function () {
  var base = location.pathname.replace(/\\/$/, '');
  var query = location.search;
  var lastCall = null;
  function text(el, value) { el.textContent = value; }
  function el(tag, cls, value) { var e = document.createElement(tag); if (cls) e.className = cls; text(e, value); return e; }
  function render(s) {
    text(document.getElementById('hall'), s.hall + ' · 叫号屏');
    var call = document.getElementById('call');
    var first = s.calls[0];
    call.textContent = '';
    if (first) {
      call.appendChild(document.createTextNode('请 '));
      call.appendChild(el('span', 'num', first.number));
      call.appendChild(document.createTextNode(' 号到 ' + first.windowNo + ' 号窗口'));
      call.setAttribute('data-number', first.number);
      text(document.getElementById('call-dept'), first.label);
      if (lastCall !== null && lastCall !== first.number + first.calledAt) { call.classList.remove('flash'); void call.offsetWidth; call.classList.add('flash'); }
      lastCall = first.number + first.calledAt;
    } else {
      text(call, '请稍候');
      text(document.getElementById('call-dept'), '');
    }
    var recent = document.getElementById('recent');
    recent.textContent = '';
    s.calls.slice(1).forEach(function (c) { recent.appendChild(el('li', '', c.number + ' 号 → ' + c.windowNo + ' 号窗口 ' + c.label)); });
    var body = document.getElementById('windows');
    body.textContent = '';
    s.windows.forEach(function (w) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-window', w.windowNo);
      if (!w.onDuty) tr.className = 'off';
      tr.appendChild(el('td', '', w.windowNo + ' 号'));
      tr.appendChild(el('td', '', w.label));
      tr.appendChild(el('td', 'serving', w.nowServing || (w.onDuty ? '—' : '暂停服务')));
      tr.appendChild(el('td', 'waiting', String(w.waiting)));
      body.appendChild(tr);
    });
    text(document.getElementById('waiting'), '等候 ' + s.totalWaiting + ' 号' + (s.unassignedWaiting ? '（待分派 ' + s.unassignedWaiting + ' 号）' : ''));
    var status = document.getElementById('status');
    status.className = 'status';
    text(status, '更新于 ' + new Date(s.updatedAt).toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }));
  }
  function stale() { var s = document.getElementById('status'); s.className = 'status stale'; text(s, '连接中断，正在重连…'); }
  var polling = null;
  function poll() {
    fetch(base + '/state' + query, { cache: 'no-store' }).then(function (r) { if (!r.ok) throw r; return r.json(); }).then(render).catch(stale);
  }
  function startPolling() { if (!polling) { poll(); polling = setInterval(poll, 2000); } }
  if (window.EventSource) {
    var source = new EventSource(base + '/events' + query);
    source.addEventListener('state', function (e) {
      if (polling) { clearInterval(polling); polling = null; }
      render(JSON.parse(e.data));
    });
    // EventSource reconnects by itself; meanwhile the screen polls so it never freezes.
    source.onerror = function () { stale(); startPolling(); };
  } else {
    startPolling();
  }
  function tick() { text(document.getElementById('clock'), new Date().toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' })); }
  tick(); setInterval(tick, 1000);
})();
</script>
</body>
</html>
`;
