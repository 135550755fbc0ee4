// A unit's screen (R9, R13): its queue and clocks, most urgent first; live through whichever hub the account may
// use (the screens' hub for wall displays and the Office, the case hub for the unit's own officers), and every 15 s.
(function () {
  'use strict';

  const zone = 'Asia/Ho_Chi_Minh';
  const clockFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const deadlineFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: zone, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', hour12: false });
  const $ = (id) => document.getElementById(id);
  const code = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const kinds = { intake: 'Tiếp nhận', answer: 'Trả lời', coordination: 'Phối hợp', approval: 'Phê duyệt' };
  const states = { running: 'Trong hạn', 'due-soon': 'Sắp đến hạn', missed: 'Quá hạn' };
  const state = { loads: 0, live: false };
  window.unitState = state;

  function remaining(deadline) {
    const minutes = Math.round((new Date(deadline).getTime() - Date.now()) / 60000);
    const abs = Math.abs(minutes);
    const text = abs >= 1440 ? Math.floor(abs / 1440) + ' ngày ' + Math.floor((abs % 1440) / 60) + ' giờ' : abs >= 60 ? Math.floor(abs / 60) + ' giờ ' + (abs % 60) + ' phút' : abs + ' phút';
    return minutes < 0 ? 'trễ ' + text : text;
  }

  const percent = (r) => r === null || r === undefined ? '–' : Math.round(r * 100) + '%';

  // A JSON resource this account may read, or null when it may not (a wall screen, an officer of another unit).
  async function readable(path) {
    try {
      const response = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
      return response.ok ? await response.json() : null;
    } catch { return null; }
  }

  async function load() {
    const response = await fetch('/api/units/' + encodeURIComponent(code), { credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401) { location.href = '/login?returnUrl=' + encodeURIComponent(location.pathname); return; }
    if (response.status === 404) { $('unit-name').textContent = 'Không có đơn vị này'; $('connection-text').textContent = 'Mã đơn vị không đúng'; return; }
    if (!response.ok) return;
    const u = await response.json();
    document.title = u.name + ' — màn hình đơn vị';
    $('unit-name').textContent = u.name;
    $('u-open').textContent = u.open;
    for (const [id, n] of [['u-due-soon', u.dueSoon], ['u-overdue', u.overdue]]) {
      $(id).textContent = n;
      $(id).classList.toggle('nonzero', n > 0);
    }
    $('u-today').textContent = percent(u.onTimeRateToday);
    $('u-month').textContent = percent(u.onTimeRate30Days);
    // Those who may read the unit's cases (its officers, the Office) see each question's first line and open the case;
    // a wall screen sees the ids and clocks only (it never shows what a citizen wrote in private).
    const cases = await readable('/api/threads?' + new URLSearchParams({ unit: code, sort: 'deadline', pageSize: '200' }));
    const byId = new Map(((cases && cases.items) || []).map((c) => [c.id, c]));
    const rows = $('queue');
    rows.replaceChildren();
    const queue = [...(u.queue || [])].sort((a, b) => new Date(a.deadline) - new Date(b.deadline));
    for (const q of queue) {
      const tr = document.createElement('tr');
      tr.dataset.caseId = q.caseId;
      const item = byId.get(q.caseId);
      const firstLine = item && item.preview ? item.preview.split('\n')[0] : '';
      const cells = [q.caseId, firstLine, kinds[q.kind] || q.kind, states[q.state] || q.state, deadlineFormat.format(new Date(q.deadline)), remaining(q.deadline)]
        .map((text) => { const td = document.createElement('td'); td.textContent = text; return td; });
      if (cases) {
        const link = document.createElement('a');
        link.href = '/cases/' + encodeURIComponent(q.caseId);
        link.textContent = q.caseId;
        cells[0].replaceChildren(link);
      }
      cells[1].className = 'question';
      if (q.state === 'missed') { cells[3].className = 'overdue nonzero'; cells[5].className = 'overdue nonzero'; }
      if (q.state === 'due-soon') { cells[3].className = 'due-soon nonzero'; }
      tr.append(...cells);
      rows.appendChild(tr);
    }
    // The unit's head (and the Office, leadership) sees who holds what and who answered on time (R13, R14).
    const team = await readable('/api/units/' + encodeURIComponent(code) + '/officers');
    $('officers').hidden = !team;
    if (team) {
      const body = $('officer-rows');
      body.replaceChildren();
      for (const o of team.officers) {
        const tr = document.createElement('tr');
        tr.dataset.username = o.username;
        for (const text of [(o.displayName || o.username) + (o.role === 'UnitHead' ? ' (lãnh đạo)' : ''), o.openCases, o.overdueCases, o.answeredOnTimeToday, o.answeredLateToday, o.answeredOnTime30Days, o.answeredLate30Days]) {
          const td = document.createElement('td');
          td.textContent = String(text);
          tr.appendChild(td);
        }
        if (o.overdueCases > 0) tr.children[2].className = 'overdue nonzero';
        body.appendChild(tr);
      }
    }
    $('queue-empty').hidden = queue.length > 0;
    // The API lists the most urgent clocks only; say how many more there are rather than drawing them all.
    const more = (u.queueTotal || 0) - queue.length;
    $('queue-more').hidden = more <= 0;
    $('queue-more').textContent = more > 0 ? 'và ' + more.toLocaleString('vi-VN') + ' việc khác có hạn muộn hơn' : '';
    state.loads++;
  }

  function setLive(online) {
    state.live = online;
    $('connection').className = 'connection ' + (online ? 'online' : 'offline');
    $('connection-text').textContent = online ? 'Đang trực tuyến' : 'Mất kết nối – đang thử lại';
  }

  let pending = null;
  const soon = () => { if (!pending) pending = setTimeout(() => { pending = null; load().catch(() => {}); }, 1000); };

  async function connect(path, events) {
    const connection = new signalR.HubConnectionBuilder().withUrl(path)
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(10000, 500 * Math.pow(2, Math.min(c.previousRetryCount, 5))) }).build();
    for (const e of events) connection.on(e, soon);
    connection.onreconnecting(() => setLive(false));
    connection.onreconnected(() => { setLive(true); soon(); });
    connection.onclose(() => { setLive(false); setTimeout(start, 5000); });
    await connection.start();
    setLive(true);
  }

  async function start() {
    try { await connect('/hubs/dashboard', ['delta']); return; } catch { /* not a screen account: try the case hub */ }
    try { await connect('/hubs/cases', ['cases-changed']); } catch { setLive(false); setTimeout(start, 10000); }
  }

  setInterval(() => { $('clock-time').textContent = clockFormat.format(new Date()); }, 1000);
  setInterval(() => load().catch(() => {}), 15000);
  load().catch(() => {});
  start();
})();
