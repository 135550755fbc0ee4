// Wall screen: a snapshot on connect, then numbered deltas; a gap in the numbers means a delta was
// missed, so the screen takes a fresh snapshot. User text is only ever set through textContent.
(function () {
  'use strict';

  const FEED_SIZE = 30;
  const zone = 'Asia/Ho_Chi_Minh';
  const timeFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false });
  const clockFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const dateFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: zone, weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' });

  const state = {
    connection: 'connecting',
    sequence: null,
    feed: new Map(),
    snapshots: 0,
    deltas: 0,
    crises: new Map(),
    impostors: new Map(),
    unitLoads: 0,
    chartLoads: 0,
  };
  window.wallState = state;

  const $ = (id) => document.getElementById(id);

  // A kiosk's own clock may be wrong after weeks unattended: times are shown and compared on the server's clock,
  // learned from the 'as of' of every snapshot and delta.
  let serverSkew = 0;
  const serverNow = () => Date.now() + serverSkew;

  function setConnection(status) {
    state.connection = status;
    const el = $('connection');
    el.className = 'connection ' + status;
    $('connection-text').textContent = {
      online: 'Đang trực tuyến',
      connecting: 'Đang kết nối lại…',
      offline: 'Mất kết nối – đang thử lại',
      'signed-out': 'Phiên hiển thị đã kết thúc – cần đăng nhập lại',
    }[status];
  }

  // The lunar date (âm lịch) from the server's calendar, with the year's name in the sexagenary cycle.
  const CAN = ['Canh', 'Tân', 'Nhâm', 'Quý', 'Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ'];
  const CHI = ['Thân', 'Dậu', 'Tuất', 'Hợi', 'Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi'];
  const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: zone });
  let lunarFor = null;
  async function loadLunar(day) {
    lunarFor = day;
    try {
      const response = await fetch('/api/calendar/lunar?date=' + day, { credentials: 'same-origin' });
      if (!response.ok) { lunarFor = null; return; }
      const l = await response.json();
      $('clock-lunar').textContent = 'Âm lịch: ngày ' + l.day + ' tháng ' + l.month + (l.leap ? ' nhuận' : '') + ' năm ' + CAN[l.year % 10] + ' ' + CHI[l.year % 12];
    } catch { lunarFor = null; }
  }

  function tickClock() {
    const now = new Date(serverNow());
    $('clock-time').textContent = clockFormat.format(now);
    const date = dateFormat.format(now);
    $('clock-date').textContent = date.charAt(0).toUpperCase() + date.slice(1);
    const day = isoDay.format(now);
    if (day !== lunarFor) loadLunar(day);
  }

  // R13: every unit's clocks, most urgent first (overdue, then due soon, then open), with how late the oldest overdue answer is.
  function lateness(deadline) {
    const minutes = Math.max(0, Math.floor((serverNow() - new Date(deadline).getTime()) / 60000));
    return minutes >= 1440 ? 'trễ ' + Math.floor(minutes / 1440) + ' ngày ' + Math.floor((minutes % 1440) / 60) + ' giờ'
      : minutes >= 60 ? 'trễ ' + Math.floor(minutes / 60) + ' giờ ' + (minutes % 60) + ' phút' : 'trễ ' + minutes + ' phút';
  }
  const percent = (r) => r === null || r === undefined ? '–' : Math.round(r * 100) + '%';
  async function loadUnits() {
    try {
      const response = await fetch('/api/units', { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) return;
      const units = (await response.json()).filter((u) => u.open + u.dueSoon + u.overdue + u.answeredOnTimeToday + u.answeredLateToday > 0 || u.onTimeRate30Days !== null);
      units.sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || b.open - a.open || a.code.localeCompare(b.code));
      const rows = $('unit-board');
      rows.replaceChildren();
      for (const u of units.slice(0, 14)) {
        const tr = document.createElement('tr');
        tr.dataset.unit = u.code;
        const name = document.createElement('td');
        name.textContent = u.name;
        const cells = [[u.open, ''], [u.dueSoon, 'due-soon'], [u.overdue, 'overdue']].map(([n, cls]) => {
          const td = document.createElement('td');
          td.className = cls + (n > 0 ? ' nonzero' : '');
          td.textContent = formatNumber(n);
          return td;
        });
        if (u.overdue > 0 && u.oldestOverdueDeadline) {
          const late = document.createElement('span');
          late.className = 'late';
          late.textContent = lateness(u.oldestOverdueDeadline);
          cells[2].appendChild(late);
        }
        const today = document.createElement('td');
        today.textContent = percent(u.onTimeRateToday);
        const month = document.createElement('td');
        month.textContent = percent(u.onTimeRate30Days);
        tr.append(name, ...cells, today, month);
        rows.appendChild(tr);
      }
      $('units-empty').hidden = units.length > 0;
      state.unitLoads++;
    } catch { /* the next change or minute tries again */ }
  }

  // Charts are drawn by the server; revalidated with their ETags, replaced only when they changed (old images freed).
  const chartTags = {};
  async function loadCharts() {
    for (const img of document.querySelectorAll('img[data-chart]')) {
      const name = img.dataset.chart;
      try {
        const response = await fetch('/api/screens/charts/' + name + '.png', { credentials: 'same-origin', cache: 'no-cache' });
        if (!response.ok) continue;
        const tag = response.headers.get('ETag');
        if (tag && tag === chartTags[name]) continue;
        const url = URL.createObjectURL(await response.blob());
        const old = img.src;
        img.src = url;
        chartTags[name] = tag;
        if (old && old.startsWith('blob:')) URL.revokeObjectURL(old);
        state.chartLoads++;
      } catch { /* the next round tries again */ }
    }
  }

  function throttle(fn, ms) {
    let last = 0, timer = null;
    return () => {
      const wait = last + ms - Date.now();
      if (wait <= 0) { last = Date.now(); fn(); }
      else if (!timer) timer = setTimeout(() => { timer = null; last = Date.now(); fn(); }, wait);
    };
  }
  const unitsSoon = throttle(loadUnits, 2000);
  const chartsSoon = throttle(loadCharts, 30000);

  function formatNumber(n) {
    return typeof n === 'number' ? n.toLocaleString('vi-VN') : '–';
  }

  function renderCounters(c) {
    if (!c) return;
    const asOf = Date.parse(c.asOf);
    if (!Number.isNaN(asOf)) serverSkew = asOf - Date.now();
    $('c-comments-today').textContent = formatNumber(c.commentsToday);
    $('c-comments-hour').textContent = formatNumber(c.commentsThisHour);
    $('c-messages-today').textContent = formatNumber(c.messagesToday);
    $('c-open-cases').textContent = formatNumber(c.openCases);
    $('c-page-replies').textContent = formatNumber(c.pageRepliesToday);
    for (const [id, value] of [['c-due-soon', c.dueSoon], ['c-overdue', c.overdue]]) {
      $(id).textContent = formatNumber(value);
      $(id).classList.toggle('nonzero', value > 0);
    }
    $('as-of').textContent = clockFormat.format(new Date(c.asOf));

    const list = $('busiest');
    list.replaceChildren();
    for (const post of c.busiestPosts || []) {
      const li = document.createElement('li');
      const id = document.createElement('span');
      id.textContent = 'Bài ' + shortPostId(post.postId);
      const n = document.createElement('span');
      n.className = 'n';
      n.textContent = formatNumber(post.commentsLastHour) + ' bình luận';
      li.append(id, n);
      list.append(li);
    }
    $('busiest-empty').hidden = (c.busiestPosts || []).length > 0;
  }

  // Meta's post ids are {pageId}_{postId}; the page part is the same everywhere.
  function shortPostId(postId) {
    const parts = String(postId).split('_');
    return parts[parts.length - 1];
  }

  const channelLabel = { comment: 'bình luận', post: 'bài đăng', messenger: 'tin nhắn' };
  const changeLabel = { edit: 'đã sửa', remove: 'đã xoá', hide: 'đã ẩn', unhide: 'bỏ ẩn' };

  function upsertFeed(items) {
    for (const item of items || []) {
      state.feed.set(item.messageId, item);
    }
    const ordered = [...state.feed.values()].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
    for (const stale of ordered.slice(FEED_SIZE)) state.feed.delete(stale.messageId);
    renderFeed(ordered.slice(0, FEED_SIZE));
  }

  function renderFeed(items) {
    const list = $('feed');
    list.replaceChildren();
    for (const item of items) {
      const li = document.createElement('li');
      li.dataset.messageId = item.messageId;
      if (item.author && item.author.isPage) li.classList.add('page');
      if (item.change === 'remove') li.classList.add('removed');

      const when = document.createElement('div');
      when.className = 'when';
      when.textContent = timeFormat.format(new Date(item.createdAt));

      const who = document.createElement('div');
      who.className = 'who';
      const name = item.author && item.author.isPage
        ? 'Trang trả lời'
        : (item.author && item.author.name) || 'Người dân';
      who.textContent = name;
      const tag = document.createElement('span');
      tag.className = 'tag';
      const parts = [channelLabel[item.channel] || item.channel];
      if (changeLabel[item.change]) parts.push(changeLabel[item.change]);
      if (item.postId) parts.push('bài ' + shortPostId(item.postId));
      if (item.pictures > 0) parts.push('📷 ' + item.pictures + ' ảnh');
      tag.textContent = parts.join(' · ');
      who.append(tag);

      const what = document.createElement('div');
      what.className = 'what';
      // A removed comment or an unsent message leaves the wall; its words stay on the case for the record.
      what.textContent = item.change === 'remove' ? 'Nội dung đã bị xoá trên Facebook' : (item.text || '(không có nội dung chữ)');

      li.append(when, who, what);
      list.append(li);
    }
    $('feed-empty').hidden = items.length > 0;
  }

  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/dashboard')
    .withAutomaticReconnect({
      // Never give up: the wall runs unattended. Back off to 10 s with jitter.
      nextRetryDelayInMilliseconds: (ctx) => Math.min(10000, 250 * Math.pow(2, Math.min(ctx.previousRetryCount, 6))) + Math.random() * 250,
    })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  let snapshotting = null;
  let buffered = [];

  async function takeSnapshot() {
    if (snapshotting) return snapshotting;
    buffered = [];
    snapshotting = (async () => {
      try {
        const snap = await connection.invoke('GetSnapshot');
        state.snapshots++;
        state.sequence = snap.sequence;
        if (snap.page.name) $('page-name').textContent = snap.page.name;
        state.feed.clear();
        upsertFeed(snap.page.recentFeed);
        renderCounters(snap.page.counters);
        state.crises.clear();
        for (const c of (snap.crises || [])) state.crises.set(c.subject, c);
        renderCrises();
        state.impostors.clear();
        for (const p of (snap.impostors || [])) state.impostors.set(p.subject, p);
        renderImpostors();
        integrityAlerts.clear();
        for (const f of (snap.integrity || [])) integrityAlerts.set(f.subject, f);
        renderIntegrity();
        loadUnits();
        loadCharts();
        const pending = buffered.filter((d) => d.sequence > snap.sequence).sort((a, b) => a.sequence - b.sequence);
        buffered = [];
        snapshotting = null;
        for (const d of pending) applyDelta(d);
      } catch (e) {
        snapshotting = null;
        throw e;
      }
    })();
    return snapshotting;
  }

  function applyDelta(delta) {
    if (snapshotting) {
      buffered.push(delta);
      return;
    }
    if (state.sequence !== null && delta.sequence <= state.sequence) return;
    if (state.sequence === null || delta.sequence !== state.sequence + 1) {
      takeSnapshot().catch(() => {});
      return;
    }
    state.sequence = delta.sequence;
    state.deltas++;
    if (delta.counters) renderCounters(delta.counters);
    if (delta.feed && delta.feed.length) upsertFeed(delta.feed);
    if (delta.clocks && delta.clocks.length) unitsSoon();
    if ((delta.feed && delta.feed.length) || (delta.clocks && delta.clocks.length)) chartsSoon();
  }

  // R8.4d: a crisis banner while any crisis is not resolved — severity, what, and how long since onset.
  function renderCrises() {
    const banner = $('crisis-banner');
    const list = [...state.crises.values()].sort((a, b) => (b.severity || 0) - (a.severity || 0));
    banner.hidden = list.length === 0;
    banner.className = 'crisis-banner severity-' + (list.length ? (list[0].severity || 1) : 0);
    const items = $('crisis-items');
    items.replaceChildren();
    // Three lines at most, so a day with many open crises cannot push the wall off the screen: the newest (what the room
    // must see first) and the two most serious of the others, most serious on top.
    const newest = list.reduce((n, c) => (!n || String(c.since || '') > String(n.since || '') ? c : n), null);
    const shown = list.length <= 3 ? list : [newest, ...list.filter((c) => c !== newest).slice(0, 2)]
      .sort((a, b) => (b.severity || 0) - (a.severity || 0));
    for (const c of shown) {
      const li = document.createElement('li');
      const since = c.since ? Math.max(0, Math.floor((serverNow() - new Date(c.since).getTime()) / 60000)) : null;
      li.textContent = c.message + (since === null ? '' : ' · ' + (since < 1 ? 'vừa xảy ra' : since + ' phút trước'));
      li.dataset.crisisId = c.subject;
      items.appendChild(li);
    }
    if (list.length > 3) {
      const more = document.createElement('li');
      more.className = 'more';
      more.textContent = 'và ' + (list.length - 3) + ' khủng hoảng khác đang xử lý (xem trang Khủng hoảng)';
      items.appendChild(more);
    }
  }
  setInterval(renderCrises, 30000);

  // R15.2: pages suspected or confirmed to impersonate the official page, until removed or dismissed.
  function renderImpostors() {
    const list = [...state.impostors.values()].sort((a, b) => (b.severity || 0) - (a.severity || 0) || String(a.message).localeCompare(String(b.message), 'vi'));
    const panel = $('impostors-panel');
    panel.classList.toggle('flagged', list.length > 0);
    $('impostor-count').textContent = String(list.length);
    const items = $('impostors');
    items.replaceChildren();
    for (const p of list.slice(0, 8)) {
      const li = document.createElement('li');
      li.className = (p.severity || 0) >= 3 ? 'confirmed' : 'suspected';
      li.dataset.pageId = p.subject;
      const status = document.createElement('span');
      status.className = 'status';
      status.textContent = (p.severity || 0) >= 3 ? 'Giả mạo' : 'Nghi vấn';
      const what = document.createElement('span');
      what.textContent = p.message;
      li.append(status, what);
      items.appendChild(li);
    }
    $('impostors-empty').hidden = list.length > 0;
  }

  // The webhook itself (silence in office hours, a subscription missing a field): on the status line until it clears.
  const webhookAlerts = new Map();
  window.wallWebhook = webhookAlerts;
  function renderWebhook() {
    const box = $('webhook-status');
    box.hidden = webhookAlerts.size === 0;
    box.textContent = [...webhookAlerts.values()].map((a) => a.message).join(' · ');
  }

  // Art. 8.1: what the page showed without passing the approval chain, until the Chief of Office acknowledges it.
  const integrityAlerts = new Map();
  window.wallIntegrity = integrityAlerts;
  // One line, the newest first, however many: the strip never pushes the wall off the screen.
  function renderIntegrity() {
    const list = [...integrityAlerts.values()].sort((a, b) => String(b.since).localeCompare(String(a.since)));
    const box = $('integrity-status');
    box.hidden = list.length === 0;
    $('integrity-count').textContent = String(list.length);
    $('integrity-latest').textContent = list.length ? list[0].message : '';
    box.dataset.findings = list.map((f) => f.subject).join(' ');
  }

  connection.on('alert', (alert) => {
    if (alert && alert.kind === 'integrity') {
      if (alert.active) integrityAlerts.set(alert.subject, alert); else integrityAlerts.delete(alert.subject);
      renderIntegrity();
      return;
    }
    if (alert && String(alert.kind || '').startsWith('webhook')) {
      if (alert.active) webhookAlerts.set(alert.kind, alert); else webhookAlerts.delete(alert.kind);
      renderWebhook();
      return;
    }
    if (alert && alert.kind === 'impostor') {
      if (alert.active) state.impostors.set(alert.subject, alert); else state.impostors.delete(alert.subject);
      renderImpostors();
      return;
    }
    if (!alert || !String(alert.kind || '').startsWith('crisis')) return;
    if (alert.active) {
      const known = state.crises.get(alert.subject);
      state.crises.set(alert.subject, Object.assign({}, alert, { since: alert.since || (known && known.since) }));
    } else {
      state.crises.delete(alert.subject);
    }
    renderCrises();
  });

  connection.on('delta', applyDelta);
  connection.onreconnecting(() => setConnection('connecting'));
  connection.onreconnected(() => {
    setConnection('online');
    state.sequence = null;
    takeSnapshot().catch(() => {});
  });
  connection.onclose(() => {
    setConnection('offline');
    start();
  });

  async function signedOut() {
    try {
      const response = await fetch('/api/auth/me', { credentials: 'same-origin', cache: 'no-store' });
      return response.status === 401;
    } catch {
      return false;
    }
  }

  let attempt = 0;
  async function start() {
    for (;;) {
      try {
        await connection.start();
        attempt = 0;
        setConnection('online');
        state.sequence = null;
        await takeSnapshot();
        return;
      } catch (e) {
        // A server that is down keeps us retrying; a server that refuses us (session ended, kiosk link
        // revoked) will not change its mind: say so and go to the sign-in page.
        if (await signedOut()) {
          setConnection('signed-out');
          setTimeout(() => { window.location.href = '/login?returnUrl=%2F'; }, 5000);
          return;
        }
        setConnection('offline');
        attempt++;
        await new Promise((r) => setTimeout(r, Math.min(10000, 500 * Math.pow(2, Math.min(attempt, 5)))));
      }
    }
  }

  setInterval(loadUnits, 60000);
  setInterval(loadCharts, 60000);
  tickClock();
  setInterval(tickClock, 1000);
  start();
})();
