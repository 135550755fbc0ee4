// Officer pages: queues and the case page. Every text a citizen or officer wrote is set with textContent
// (never as HTML). Live: the case hub says which case moved; the page reads it again through the API.
(function () {
  'use strict';

  const fmt = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });
  const when = (s) => s ? fmt.format(new Date(s)) : '';
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  async function api(path, body) {
    const options = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    options.credentials = 'same-origin';
    const response = await fetch(path, options);
    if (response.status === 401) { location.href = '/login?returnUrl=' + encodeURIComponent(location.pathname + location.search); throw new Error('signed-out'); }
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error((data && (data.detail || data.title)) || ('HTTP ' + response.status));
    return data;
  }

  // A list row: the first cell links to the item's page, the others are text.
  function linkRow(base, id, cells) {
    const tr = document.createElement('tr');
    const link = el('a', id);
    link.href = base + encodeURIComponent(id);
    const first = document.createElement('td');
    first.appendChild(link);
    tr.append(first, ...cells.map((c) => el('td', c)));
    return tr;
  }

  function showError(message) {
    const box = $('error');
    box.hidden = !message;
    box.textContent = message || '';
  }

  // The case hub: which cases moved, and operator alerts (shown as the page's error line unless onAlert takes them).
  function live(onChange, onAlert) {
    const state = $('live');
    const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/cases')
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(30000, 1000 * Math.pow(2, c.previousRetryCount)) }).build();
    connection.on('cases-changed', (changes) => onChange(changes || []));
    connection.on('notification', (n) => bell.notified(n));
    connection.on('alert', (alert) => { if (onAlert) onAlert(alert); else if (alert && alert.active) showError(alert.message); });
    connection.onreconnecting(() => { state.textContent = 'Mất kết nối, đang kết nối lại…'; });
    connection.onreconnected(() => { state.textContent = 'Trực tuyến'; onChange(null); bell.refresh(); });
    const start = () => connection.start().then(() => { state.textContent = 'Trực tuyến'; })
      .catch(() => { state.textContent = 'Mất kết nối, đang thử lại…'; setTimeout(start, 5000); });
    connection.onclose(() => setTimeout(start, 5000));
    start();
  }

  function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }

  // Vietnamese without marks, lower case: how the unit picker matches what an officer types ("xay dung" finds "Sở Xây dựng").
  const fold = (s) => String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();

  // Time left until a deadline, in Vietnamese ("còn 3 giờ 20 phút", "trễ 1 ngày 2 giờ").
  function timeLeft(deadline) {
    if (!deadline) return '';
    const minutes = Math.round((new Date(deadline).getTime() - Date.now()) / 60000);
    const abs = Math.abs(minutes);
    const text = abs >= 1440 ? Math.floor(abs / 1440) + ' ngày ' + Math.floor((abs % 1440) / 60) + ' giờ' : abs >= 60 ? Math.floor(abs / 60) + ' giờ ' + (abs % 60) + ' phút' : abs + ' phút';
    return minutes < 0 ? 'trễ ' + text : 'còn ' + text;
  }

  const clockKinds = { intake: 'Tiếp nhận, phân loại', answer: 'Trả lời', coordination: 'Phối hợp', approval: 'Phê duyệt' };
  const clockStates = { running: 'Trong hạn', 'due-soon': 'Sắp đến hạn', missed: 'Quá hạn', met: 'Đã xong đúng hạn', cancelled: 'Đã huỷ (không tính)' };
  const roleNames = { EditorialHead: 'Trưởng Ban biên tập', ChiefOfOffice: 'Chánh Văn phòng', StandingCommittee: 'Thường trực UBND tỉnh' };
  const stepNames = { 'editorial-head': 'Trưởng Ban biên tập', 'chief-of-office': 'Chánh Văn phòng', 'standing-committee': 'Thường trực UBND tỉnh' };
  const publicationStates = { queued: 'đang chờ đăng', sending: 'đang gửi lên Facebook', published: 'đã đăng', failed: 'đăng không thành công', 'needs-other-channel': 'cần trả lời qua kênh khác' };
  const closeReasons = { spam: 'Tin rác, quảng cáo', 'off-topic': 'Không liên quan', 'no-question': 'Không có câu hỏi', other: 'Khác' };

  // The province's units, loaded once per page: names for codes, and what the picker searches.
  let directoryLoad = null;
  function unitDirectory() {
    if (!directoryLoad) {
      directoryLoad = api('/api/units?queue=1').then((units) => {
        const list = units.map((u) => ({ code: u.code, name: u.name, key: fold(u.name + ' ' + u.code) }));
        return { list, name: (code) => { const u = list.find((x) => x.code === code); return u ? u.name + ' (' + code + ')' : code; } };
      });
    }
    return directoryLoad;
  }

  // A unit picker: type part of a unit's name or code, choose from the matches; the chosen units are the form's values.
  function unitPicker(container, directory, single) {
    const search = el('input');
    search.type = 'search';
    search.placeholder = 'Tìm theo tên hoặc mã đơn vị';
    search.setAttribute('data-unit-search', '');
    const label = el('label', single ? 'Đơn vị được đề nghị phối hợp' : 'Đơn vị xử lý');
    label.appendChild(search);
    const results = el('ul', null, 'picker-results');
    const chosen = el('ul', null, 'picker-chosen');
    container.replaceChildren(label, results, chosen);
    const selected = [];
    const draw = () => {
      chosen.replaceChildren();
      for (const code of selected) {
        const li = el('li');
        li.dataset.unit = code;
        const input = el('input');
        input.type = 'hidden';
        input.name = single ? 'toUnit' : 'units';
        input.value = code;
        const remove = el('button', '×', 'chip-remove');
        remove.type = 'button';
        remove.setAttribute('aria-label', 'Bỏ ' + directory.name(code));
        remove.addEventListener('click', () => { selected.splice(selected.indexOf(code), 1); draw(); });
        li.append(el('span', directory.name(code)), remove, input);
        chosen.appendChild(li);
      }
    };
    search.addEventListener('input', () => {
      results.replaceChildren();
      const words = fold(search.value).split(/\s+/).filter(Boolean);
      if (!words.length) return;
      const hits = directory.list.filter((u) => words.every((w) => u.key.includes(w))).slice(0, 8);
      for (const u of hits) {
        const li = el('li');
        const b = el('button', u.name + ' (' + u.code + ')', 'secondary');
        b.type = 'button';
        b.dataset.unit = u.code;
        b.addEventListener('click', () => {
          if (single) selected.length = 0;
          if (!selected.includes(u.code)) selected.push(u.code);
          search.value = '';
          results.replaceChildren();
          draw();
        });
        li.appendChild(b);
        results.appendChild(li);
      }
      if (!hits.length) results.appendChild(el('li', 'Không tìm thấy đơn vị nào.', 'meta'));
    });
    return { reset: () => { selected.length = 0; draw(); } };
  }

  // Where a message is on Facebook: a comment under its post, a visitor post; a Messenger message has no public address.
  function permalinkOf(c, m) {
    if (m.channel === 'messenger' || c.channel === 'messenger') return null;
    if (m.channel === 'post') return m.id === c.id && c.permalink ? c.permalink : 'https://www.facebook.com/' + encodeURIComponent(m.id);
    const parts = String(m.id).split('_');
    if (parts.length < 2) return c.permalink || null;
    const post = c.permalink || 'https://www.facebook.com/' + encodeURIComponent(c.postId || parts[0]);
    return post + (post.includes('?') ? '&' : '?') + 'comment_id=' + encodeURIComponent(parts[parts.length - 1]);
  }


  async function whoAmI() {
    const me = await api('/api/auth/me');
    // The name opens the person's own account page: their password and second factor.
    const account = el('a', (me.displayName || me.username) + (me.unit ? ' — ' + me.unit : ''));
    account.href = '/account';
    account.title = 'Tài khoản của tôi: đổi mật khẩu, xác thực hai bước';
    $('who').replaceChildren(account);
    bell.install();
    return me;
  }

  // The bell on every officer page: the unread count (live over the case hub), the latest notifications, this
  // browser's push notifications (asked for only when the person clicks, with the reason in Vietnamese), and
  // which kinds reach the person by e-mail and push.
  const bell = (function () {
    let installed = false;
    let unread = 0;
    const setCount = (n) => {
      unread = n;
      const badge = $('bell-count');
      if (!badge) return;
      badge.textContent = n > 99 ? '99+' : String(n);
      badge.hidden = n === 0;
      $('bell').setAttribute('aria-label', 'Thông báo: ' + n + ' chưa đọc');
    };

    async function refresh() {
      if (!installed) return;
      try {
        const list = await api('/api/me/notifications?limit=20');
        setCount(list.unread);
        const ul = $('bell-list');
        ul.replaceChildren();
        for (const n of list.items) {
          const li = el('li', null, n.readAt ? 'read' : 'unread');
          const a = el('a', n.title);
          a.href = n.link;
          a.addEventListener('click', () => { api('/api/me/notifications/' + n.id + '/read', {}).catch(() => {}); });
          li.append(a, el('div', when(n.createdAt) + (n.urgent ? ' · KHẨN' : ''), 'meta'));
          ul.appendChild(li);
        }
        $('bell-empty').hidden = list.items.length > 0;
      } catch (e) { /* the count stays as it was; the next event or reconnect reads it again */ }
    }

    function base64UrlToBytes(text) {
      const padded = (text + '==='.slice((text.length + 3) % 4)).replace(/-/g, '+').replace(/_/g, '/');
      return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    }

    async function enablePush() {
      const status = $('push-status');
      try {
        const key = await api('/api/me/push/public-key');
        const permission = await Notification.requestPermission();
        if (permission !== 'granted') { status.textContent = 'Trình duyệt chưa cho phép hiển thị thông báo. Có thể bật lại trong phần cài đặt trang web của trình duyệt.'; return; }
        const registration = await navigator.serviceWorker.register('/notifications-sw.js');
        const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key.publicKey) });
        await api('/api/me/push-subscriptions', subscription.toJSON());
        status.textContent = 'Đã bật: thiết bị này sẽ nhận thông báo kể cả khi không mở trang.';
      } catch (e) { status.textContent = 'Không bật được thông báo đẩy: ' + e.message; }
    }

    async function settings() {
      const box = $('bell-settings');
      box.replaceChildren();
      try {
        const [profile, kinds] = await Promise.all([api('/api/me'), api('/api/me/notification-settings')]);
        const email = el('input');
        email.type = 'email';
        email.value = profile.email || '';
        email.id = 'me-email';
        const label = el('label', 'Thư điện tử nhận thông báo ');
        label.appendChild(email);
        const table = el('table', null, 'list');
        const head = el('tr');
        head.append(el('th', 'Loại thông báo'), el('th', 'Thư'), el('th', 'Đẩy'));
        table.appendChild(head);
        for (const k of kinds) {
          const tr = el('tr');
          tr.dataset.kind = k.kind;
          const cell = (channel) => {
            const td = el('td');
            const box = el('input');
            box.type = 'checkbox';
            box.checked = k[channel];
            box.disabled = k.locked;
            box.dataset.channel = channel;
            box.setAttribute('aria-label', k.name + ' — ' + (channel === 'email' ? 'thư' : 'đẩy'));
            td.appendChild(box);
            return td;
          };
          tr.append(el('td', k.name + (k.locked ? ' (bắt buộc với cán bộ xử lý khủng hoảng)' : '')), cell('email'), cell('push'));
          table.appendChild(tr);
        }
        const save = el('button', 'Lưu');
        save.type = 'button';
        const saved = el('span', '', 'meta');
        save.addEventListener('click', async () => {
          try {
            await fetch('/api/me', { method: 'PUT', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: email.value || null }) })
              .then(async (r) => { if (!r.ok) { const p = await r.json(); throw new Error(p.detail || p.title); } });
            const body = {};
            for (const tr of table.querySelectorAll('tr[data-kind]')) {
              const [e, p] = tr.querySelectorAll('input');
              if (!e.disabled) body[tr.dataset.kind] = { email: e.checked, push: p.checked };
            }
            await fetch('/api/me/notification-settings', { method: 'PUT', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
              .then(async (r) => { if (!r.ok) { const p = await r.json(); throw new Error(p.detail || p.title); } });
            saved.textContent = 'Đã lưu.';
          } catch (e) { saved.textContent = 'Chưa lưu được: ' + e.message; }
        });
        box.append(label, table, save, saved);
      } catch (e) { box.textContent = 'Không đọc được cài đặt: ' + e.message; }
    }

    function install() {
      if (installed || !$('who')) return;
      installed = true;
      const button = el('button', null, 'bell');
      button.id = 'bell';
      // Drawn, not an emoji: a wall or kiosk machine may have no emoji font.
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('viewBox', '0 0 24 24');
      svg.setAttribute('width', '22');
      svg.setAttribute('height', '22');
      svg.setAttribute('aria-hidden', 'true');
      const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      path.setAttribute('fill', 'currentColor');
      path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z');
      svg.appendChild(path);
      button.appendChild(svg);
      button.type = 'button';
      button.setAttribute('aria-haspopup', 'true');
      button.setAttribute('aria-expanded', 'false');
      const badge = el('span', '0', 'bell-count');
      badge.id = 'bell-count';
      badge.hidden = true;
      button.appendChild(badge);
      const panel = el('section', null, 'bell-panel');
      panel.id = 'bell-panel';
      panel.hidden = true;
      panel.setAttribute('aria-label', 'Thông báo');
      const markAll = el('button', 'Đánh dấu đã đọc tất cả', 'secondary');
      markAll.type = 'button';
      markAll.addEventListener('click', async () => { await api('/api/me/notifications/read-all', {}); refresh(); });
      const list = el('ul', null, 'bell-list');
      list.id = 'bell-list';
      const empty = el('p', 'Chưa có thông báo nào.', 'meta');
      empty.id = 'bell-empty';
      const push = el('div', null, 'push-offer');
      const pushStatus = el('p', '', 'meta');
      pushStatus.id = 'push-status';
      if ('serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window) {
        push.appendChild(el('p', 'Nhận thông báo trên máy tính hoặc điện thoại này ngay cả khi không mở trang: vụ việc được giao, sắp đến hạn, quá hạn, chờ phê duyệt và cảnh báo khủng hoảng. Trình duyệt sẽ hỏi anh/chị có cho phép hiển thị thông báo không.'));
        const enable = el('button', 'Bật thông báo trên thiết bị này');
        enable.type = 'button';
        enable.id = 'push-enable';
        enable.addEventListener('click', enablePush);
        push.appendChild(enable);
      } else {
        push.appendChild(el('p', 'Trình duyệt này không hỗ trợ thông báo đẩy; thông báo vẫn hiện ở đây và gửi qua thư điện tử.', 'meta'));
      }
      push.appendChild(pushStatus);
      const settingsBox = el('div', null, 'bell-settings');
      settingsBox.id = 'bell-settings';
      const settingsToggle = el('button', 'Chọn cách nhận thông báo', 'secondary');
      settingsToggle.type = 'button';
      settingsToggle.addEventListener('click', settings);
      panel.append(el('h2', 'Thông báo'), markAll, list, empty, push, settingsToggle, settingsBox);
      button.addEventListener('click', () => {
        panel.hidden = !panel.hidden;
        button.setAttribute('aria-expanded', String(!panel.hidden));
        if (!panel.hidden) refresh();
      });
      $('who').after(button);
      document.body.appendChild(panel);
      refresh();
    }

    function notified(n) {
      setCount(unread + 1);
      if (!$('bell-panel').hidden) refresh();
      if (n && n.urgent) showError(n.title);
    }

    return { install, refresh, notified };
  })();

  // R8.4c: the Editorial Board decides on flagged comments (an administrator does not).
  const isModerator = (me) => ['EditorialStaff', 'EditorialHead', 'ChiefOfOffice'].some((r) => (me.roles || []).includes(r));

  function queuesFor(me) {
    const roles = me.roles || [];
    const has = (r) => roles.includes(r);
    const queues = [];
    if (has('Admin') || has('EditorialStaff') || has('EditorialHead') || has('ChiefOfOffice')) {
      queues.push({ key: 'intake', title: 'Tiếp nhận (mới)', status: 'new' }, { key: 'classified', title: 'Đã phân loại, chờ chuyển', status: 'classified' });
    }
    if ((has('UnitOfficer') || has('UnitHead')) && me.unit) queues.push({ key: 'unit', title: 'Vụ việc của ' + me.unit, status: null, unit: me.unit });
    if (has('EditorialHead')) queues.push({ key: 'head', title: 'Chờ tôi duyệt (Trưởng Ban)', status: 'pending-editorial-head' });
    if (has('ChiefOfOffice')) queues.push({ key: 'chief', title: 'Chờ tôi duyệt (Chánh VP)', status: 'pending-chief-of-office' });
    if (has('StandingCommittee')) queues.push({ key: 'standing', title: 'Chờ Thường trực duyệt', status: 'pending-standing-committee' });
    if (isModerator(me)) queues.push({ key: 'moderation', title: 'Kiểm duyệt bình luận', moderation: true });
    queues.push({ key: 'drafting', title: 'Đang soạn', status: 'drafting' }, { key: 'all', title: 'Tất cả', status: null },
      { key: 'posts', title: 'Bài đăng của Trang', posts: true });
    return queues;
  }

  async function queuePage() {
    let me;
    try { me = await whoAmI(); } catch (e) { return; }
    const queues = queuesFor(me);
    const wanted = new URLSearchParams(location.search).get('q');
    const current = queues.find((q) => q.key === wanted) || queues[0];
    const nav = $('queues');
    for (const q of queues) {
      const a = el('a', q.title);
      a.href = '/cases?q=' + q.key;
      if (q === current) a.setAttribute('aria-current', 'page');
      nav.appendChild(a);
    }
    if (['Admin', 'EditorialStaff', 'EditorialHead', 'ChiefOfOffice', 'StandingCommittee', 'CrisisOfficer', 'Leadership'].some((r) => (me.roles || []).includes(r))) {
      const a = el('a', 'Khủng hoảng truyền thông');
      a.href = '/crises';
      nav.appendChild(a);
      const b = el('a', 'Trang mạo danh');
      b.href = '/impostors';
      nav.appendChild(b);
      const c = el('a', 'Báo cáo');
      c.href = '/leadership';
      nav.appendChild(c);
    }
    $('queue-title').textContent = current.title;
    const roles = me.roles || [];
    // Administrators see at once when Meta sent something the service could not apply (kept, never dropped).
    if (roles.includes('Admin')) {
      api('/api/webhooks/quarantine?pageSize=1').then((q) => {
        $('quarantine-notice').hidden = q.total === 0;
        $('quarantine-notice').textContent = q.total + ' giao dịch webhook của Meta có phần chưa áp dụng được (đang cách ly, đã lưu nguyên văn). Xem và thử lại: /api/webhooks/quarantine';
      }).catch(() => {});
      api('/api/webhooks/health').then((h) => {
        const sub = h.subscription;
        $('webhook-health').hidden = false;
        $('webhook-health').textContent = 'Webhook Facebook: ' + (h.lastDeliveryAt ? 'nhận lần cuối ' + when(h.lastDeliveryAt) : 'chưa nhận lần nào') +
          (sub ? ' · đăng ký của Trang: ' + (sub.error ? 'không kiểm tra được (' + sub.error + ')' : (sub.fields.join(', ') || 'không có trường nào') + (sub.subscribed ? '' : ' — THIẾU feed hoặc messages')) : ' · chưa có mã truy cập Trang để kiểm tra đăng ký');
      }).catch(() => {});
    }
    const showPosts = current.posts || (current.status || '').startsWith('pending-');
    $('case-section').hidden = !!current.posts || !!current.moderation;
    $('moderation-section').hidden = !current.moderation;
    $('posts-section').hidden = !showPosts;
    $('new-post').hidden = !(current.posts && ['Admin', 'EditorialStaff', 'EditorialHead', 'ChiefOfOffice'].some((r) => roles.includes(r)));

    // The case list: filters, the deadline and time left, pages of 50, and (for the Board) bulk actions on chosen rows.
    const routes = ['Admin', 'EditorialStaff', 'EditorialHead', 'ChiefOfOffice'].some((r) => roles.includes(r));
    const filters = $('filters');
    filters.sort.value = current.key === 'all' || current.key === 'drafting' ? 'received' : 'deadline';
    $('mine-filter').hidden = !(roles.includes('UnitOfficer') || roles.includes('UnitHead'));
    $('select-head').hidden = !routes;
    let pageNumber = 1;
    let pages = 1;
    const chosen = new Set();
    const bulkCount = () => {
      $('bulk').hidden = !routes || chosen.size === 0;
      $('bulk-count').textContent = 'Đã chọn ' + chosen.size + ' vụ việc';
    };
    const loadCases = async () => {
      const query = new URLSearchParams({ pageSize: '50', page: String(pageNumber), sort: filters.sort.value });
      if (current.status) query.set('status', current.status);
      if (current.unit) query.set('unit', current.unit);
      if (filters.slaState.value) query.set('slaState', filters.slaState.value);
      if (filters.q.value.trim()) query.set('q', filters.q.value.trim());
      if (filters.mine.checked) query.set('assignee', me.username);
      const page = await api('/api/threads?' + query);
      const rows = $('rows');
      rows.replaceChildren();
      for (const item of page.items) {
        const tr = document.createElement('tr');
        tr.dataset.caseId = item.id;
        if (routes) {
          const td = el('td');
          const box = el('input');
          box.type = 'checkbox';
          box.checked = chosen.has(item.id);
          box.setAttribute('aria-label', 'Chọn vụ việc ' + item.id);
          box.addEventListener('change', () => { if (box.checked) chosen.add(item.id); else chosen.delete(item.id); bulkCount(); });
          td.appendChild(box);
          tr.appendChild(td);
        }
        const link = el('a', item.id);
        link.href = '/cases/' + encodeURIComponent(item.id);
        const first = el('td');
        first.appendChild(link);
        tr.appendChild(first);
        const cells = [
          ['Người gửi', item.author ? item.author.name : ''], ['Nội dung', item.preview], ['Đơn vị', (item.units || []).join(', ')],
          ['Cán bộ', item.assignee || ''], ['Trạng thái', item.statusLabel], ['Hạn', when(item.nextDeadline)],
          ['Còn lại', item.nextDeadline ? timeLeft(item.nextDeadline) : ''], ['Nhận lúc', when(item.receivedAt)]];
        for (const [label, text] of cells) {
          const td = el('td', text);
          td.dataset.label = label;
          tr.appendChild(td);
        }
        if (item.slaState === 'missed' || item.slaState === 'due-soon') { tr.children[tr.children.length - 2].className = item.slaState + ' left'; tr.children[tr.children.length - 3].className = item.slaState; }
        rows.appendChild(tr);
      }
      pages = Math.max(1, Math.ceil(page.total / page.pageSize));
      $('page-info').textContent = 'Trang ' + page.page + '/' + pages + ' · ' + page.total.toLocaleString('vi-VN') + ' vụ việc';
      $('prev').disabled = page.page <= 1;
      $('next').disabled = page.page >= pages;
      $('empty').hidden = page.items.length > 0;
      $('select-all').checked = page.items.length > 0 && page.items.every((i) => chosen.has(i.id));
      window.queueState = { loads: ((window.queueState || {}).loads || 0) + 1, total: page.total };
    };
    $('prev').addEventListener('click', () => { pageNumber = Math.max(1, pageNumber - 1); load(); });
    $('next').addEventListener('click', () => { pageNumber = Math.min(pages, pageNumber + 1); load(); });
    filters.addEventListener('change', () => { pageNumber = 1; load(); });
    filters.q.addEventListener('input', debounce(() => { pageNumber = 1; load(); }, 400));
    filters.addEventListener('submit', (event) => { event.preventDefault(); pageNumber = 1; load(); });
    $('select-all').addEventListener('change', (event) => {
      for (const box of document.querySelectorAll('#rows input[type=checkbox]')) {
        box.checked = event.target.checked;
        const id = box.closest('tr').dataset.caseId;
        if (box.checked) chosen.add(id); else chosen.delete(id);
      }
      bulkCount();
    });
    // One request per chosen case: each is a step of its own in the case's history and the processing log.
    const bulk = async (verb, action, body) => {
      const ids = [...chosen];
      const failures = [];
      for (const id of ids) {
        try { await api('/api/threads/' + encodeURIComponent(id) + '/' + action, body); chosen.delete(id); } catch (e) { if (e.message === 'signed-out') return; failures.push(id + ': ' + e.message); }
      }
      $('bulk-result').textContent = verb + ' ' + (ids.length - failures.length) + '/' + ids.length + ' vụ việc.' + (failures.length ? ' Không thực hiện được: ' + failures.join('; ') : '');
      bulkCount();
      $('bulk').hidden = false;
      await load();
    };
    $('bulk-classify').addEventListener('click', () => bulk('Đã phân loại', 'classify', { category: Number($('bulk-category').value), authority: $('bulk-authority').value }));
    $('bulk-close').addEventListener('click', () => bulk('Đã kết thúc', 'close', Object.assign({ reason: $('bulk-reason').value }, $('bulk-note').value.trim() ? { note: $('bulk-note').value.trim() } : {})));

    const loadPosts = async () => {
      const query = new URLSearchParams({ pageSize: '200' });
      if (current.status) query.set('status', current.status);
      const page = await api('/api/posts?' + query);
      const rows = $('post-rows');
      rows.replaceChildren();
      for (const item of page.items) {
        const tr = linkRow('/posts/', item.id, [item.category, item.preview, item.createdBy, item.statusLabel, when(item.updatedAt)]);
        tr.dataset.postId = item.id;
        rows.appendChild(tr);
      }
      if (current.posts) await loadCalendar();
    };

    // The Board's content calendar (Art. 7.4): what goes out, or went out, when — this week and the three after.
    const loadCalendar = async () => {
      const vietnamDay = (ms) => new Date(ms + 7 * 3600000).toISOString().slice(0, 10);
      const today = Date.now();
      const monday = today - ((new Date(today + 7 * 3600000).getUTCDay() + 6) % 7) * 86400000;
      const page = await api('/api/posts/calendar?' + new URLSearchParams({ from: vietnamDay(monday), to: vietnamDay(monday + 27 * 86400000) }));
      const rows = $('post-calendar');
      rows.replaceChildren();
      for (const item of page.items) {
        const tr = linkRow('/posts/', item.id, [item.category, item.preview, item.createdBy, item.statusLabel + (item.publishedAt ? '' : ' · hẹn giờ')]);
        tr.insertBefore(el('td', when(item.at)), tr.firstChild);
        tr.dataset.postId = item.id;
        rows.appendChild(tr);
      }
      $('post-calendar-box').hidden = false;
      $('post-calendar-empty').hidden = page.items.length > 0;
    };

    const loadModeration = async () => {
      const page = await api('/api/moderation?' + new URLSearchParams({ status: $('moderation-status').value, pageSize: '200' }));
      const rows = $('moderation-rows');
      rows.replaceChildren();
      for (const item of page.items) {
        const tr = linkRow('/cases/', item.caseId, [item.authorName, item.preview, item.clauses.join(', '),
          item.confidence === 'high' ? 'Cao' : 'Trung bình', item.statusLabel, when(item.detectedAt)]);
        tr.dataset.caseId = item.caseId;
        rows.appendChild(tr);
      }
      $('moderation-empty').hidden = page.items.length > 0;
    };
    $('moderation-status').addEventListener('change', () => load());

    const load = async () => {
      try {
        if (current.moderation) { await loadModeration(); showError(''); return; }
        if (!current.posts) await loadCases();
        if (showPosts) await loadPosts();
        showError('');
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };

    $('new-post').addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(event.target);
      try {
        // The picker gives a Vietnam wall-clock time; the API takes an instant with its offset.
        const picked = data.get('publishAt');
        const publishAt = picked ? picked + (picked.length === 16 ? ':00' : '') + '+07:00' : null;
        const created = await api('/api/posts', { category: Number(data.get('category')), authority: data.get('authority'), text: data.get('text'), sources: lines(data.get('sources')), publishAt });
        location.href = '/posts/' + encodeURIComponent(created.id);
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    });
    await load();
    live(debounce(load, 300));
  }

  const authorityName = (a) => a === 'standing-committee' ? 'Thường trực UBND tỉnh' : 'Chánh Văn phòng';

  // What a case's answer and a page post share: drafts, approvals, rejections, publication, history.
  function renderEditorial(w, unitName) {
    const name = unitName || ((code) => code);
    const drafts = $('drafts'); drafts.replaceChildren();
    for (const d of (w.drafts || [])) {
      const li = el('li');
      li.append(el('div', 'Bản số ' + d.number + ' · ' + d.author + (d.unit ? ' (' + name(d.unit) + ')' : '') + ' · ' + when(d.at), 'meta'), el('div', d.text));
      if (d.sources.length) li.appendChild(el('div', 'Nguồn: ' + d.sources.join('; '), 'meta'));
      if (d.images && d.images.length) {
        // The draft's pictures, as approved with it (by digest).
        const pictures = el('div', null, 'pictures');
        for (const sha of d.images) {
          const img = document.createElement('img');
          img.src = '/api/media/' + encodeURIComponent(sha);
          img.alt = 'Ảnh đính kèm bản thảo số ' + d.number;
          img.dataset.image = sha;
          pictures.appendChild(img);
        }
        li.appendChild(pictures);
      }
      drafts.appendChild(li);
    }
    // A complex case: each unit's part of the answer, which the Editorial Board composes into the draft above.
    const parts = $('contributions');
    if (parts) {
      parts.replaceChildren();
      for (const c of (w.contributions || [])) {
        const li = el('li');
        li.append(el('div', name(c.unit) + ' · ' + c.author + ' · ' + when(c.at) + (c.submittedAt ? ' · đã gửi ' + when(c.submittedAt) : ' · chưa gửi'), 'meta'), el('div', c.text));
        if (c.sources.length) li.appendChild(el('div', 'Nguồn: ' + c.sources.join('; '), 'meta'));
        parts.appendChild(li);
      }
      $('contributions-section').hidden = !(w.contributions || []).length;
    }
    const approvals = $('approvals'); approvals.replaceChildren();
    for (const a of (w.approvals || [])) approvals.appendChild(el('li', (stepNames[a.step] || a.step) + ' duyệt: ' + a.approver + ' · bản số ' + a.draftNumber + ' · ' + when(a.at) + (a.voided ? ' (không còn hiệu lực)' : ''), a.voided ? 'voided' : ''));
    for (const r of (w.rejections || [])) approvals.appendChild(el('li', 'Trả lại (' + (stepNames[r.step] || r.step) + ') bởi ' + r.by + ': ' + r.reason));
    if (w.publication) approvals.appendChild(el('li', 'Đăng Facebook: ' + (publicationStates[w.publication.status] || w.publication.status) + (w.publication.graphId ? ' · mã ' + w.publication.graphId : '') + (w.publication.error ? ' · ' + w.publication.error : '')));
    if (w.closedReason) { const [k, ...note] = w.closedReason.split(': '); approvals.appendChild(el('li', 'Kết thúc: ' + [closeReasons[k] || k, ...note].join(': '))); }
    const history = $('history'); history.replaceChildren();
    for (const h of (w.history || [])) history.appendChild(el('li', when(h.at) + ' · ' + h.actor + ' · ' + (h.detail || h.action)));
    const draftField = document.querySelector('#actions form[data-action=approve] input[name=draft]');
    draftField.value = w.drafts && w.drafts.length ? w.drafts[w.drafts.length - 1].number : '';
  }

  const lines = (value) => String(value || '').split('\n').map((s) => s.trim()).filter(Boolean);

  const draftForm = () => document.querySelector('#actions form[data-action=drafts]');

  const issueKinds = {
    'legacy-encoding': 'Bảng mã cũ', 'not-nfc': 'Chưa chuẩn hóa Unicode', unaccented: 'Không dấu',
    prohibited: 'Nội dung bị cấm', 'missing-source': 'Thiếu nguồn'
  };

  // R7: the draft form checks its text as the officer writes (encodings, diacritics, Article 12, sources)
  // and offers the Unicode conversion of a legacy-encoded text with one click.
  function wireContentCheck(categoryOf) {
    const form = draftForm();
    const panel = form.querySelector('[data-check]');
    const list = form.querySelector('[data-issues]');
    const convert = form.querySelector('[data-convert]');
    const text = form.elements.text;
    let converted = null;
    const check = async () => {
      if (!text.value.trim()) { panel.hidden = true; return; }
      try {
        const result = await api('/api/content/check', { text: text.value, category: categoryOf() || null, sources: lines(form.elements.sources.value) });
        list.replaceChildren();
        for (const issue of result.issues) {
          const li = el('li');
          li.append(el('span', (issueKinds[issue.kind] || issue.kind) + (issue.category ? ' (' + issue.category + ')' : '') + ': ', 'kind'), el('span', issue.message));
          list.appendChild(li);
        }
        if (!result.issues.length) list.appendChild(el('li', 'Văn bản đạt yêu cầu nội dung.'));
        converted = result.converted || null;
        convert.hidden = !converted;
        panel.classList.toggle('passes', result.passes);
        panel.hidden = false;
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };
    convert.addEventListener('click', () => { if (converted) { text.value = converted; check(); } });
    form.querySelector('[data-check-now]').addEventListener('click', check);
    text.addEventListener('input', debounce(check, 600));
    form.addEventListener('reset', () => { panel.hidden = true; converted = null; });
    return {
      // After a refused submission: the last draft comes back into the form with its findings.
      recheck: (draftText) => { if (draftText) { text.value = draftText; check(); } }
    };
  }

  // The body each action's form sends.
  function formBody(action, data) {
    const body = {};
    if (action === 'classify') { body.category = Number(data.get('category')); body.authority = data.get('authority'); if (data.get('topic')) body.topic = data.get('topic'); }
    if (action === 'assign' || action === 'reassign') { body.units = data.getAll('units'); body.complexity = data.get('complexity'); }
    if (action === 'assignee') body.username = data.get('username') || null;
    if (action === 'coordination') { body.fromUnit = data.get('fromUnit'); body.toUnit = data.get('toUnit'); body.question = data.get('question'); }
    if (action === 'merge') body.into = String(data.get('into') || '').trim();
    if (action === 'drafts') { body.text = data.get('text'); body.sources = lines(data.get('sources')); }
    if (action === 'approve' && data.get('draft')) body.draft = Number(data.get('draft'));
    if (action === 'reject' || action === 'reopen' || action === 'withdraw') body.reason = data.get('reason');
    if (action === 'close') { if (data.get('reason')) body.reason = data.get('reason'); if (data.get('note')) body.note = data.get('note'); }
    return body;
  }

  // Shows the forms the signed-in roles may use in this status; sends them to base + '/' + action.
  function wireForms(me, base, render, onRefused) {
    const forms = [...document.querySelectorAll('#actions form')];
    for (const form of forms) {
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const action = form.dataset.action;
        try {
          render(await api(base + '/' + action, formBody(action, new FormData(form))));
          showError('');
          if (['drafts', 'reject', 'reopen', 'withdraw', 'coordination', 'merge'].includes(action)) form.reset();
          if (form.resetPicker) form.resetPicker();
        } catch (e) {
          if (e.message === 'signed-out') return;
          showError(e.message);
          if (onRefused) onRefused(action);
        }
      });
    }
    return (visible) => {
      const roles = me.roles || [];
      for (const form of forms) {
        const allowed = form.dataset.roles.split(' ').some((r) => roles.includes(r));
        form.hidden = !(allowed && visible[form.dataset.action]);
      }
    };
  }

  async function casePage() {
    const id = decodeURIComponent(location.pathname.substring('/cases/'.length));
    let me;
    try { me = await whoAmI(); } catch (e) { return; }
    $('case-title').textContent = id;
    const base = '/api/threads/' + encodeURIComponent(id);
    const roles = me.roles || [];
    const routes = ['Admin', 'EditorialStaff', 'EditorialHead', 'ChiefOfOffice'].some((r) => roles.includes(r));
    const isHead = roles.includes('UnitHead');
    let directory = { list: [], name: (c) => c };
    try { directory = await unitDirectory(); } catch (e) { /* codes are shown as they are */ }
    for (const form of document.querySelectorAll('#actions form')) {
      const box = form.querySelector('[data-picker]');
      if (box) { const picker = unitPicker(box, directory, box.hasAttribute('data-single')); form.resetPicker = picker.reset; }
    }
    let showForms;
    let current = null;

    // Opened explanations stay open when the case is drawn again (a live update arrives while one is being read).
    const explanations = new Map();
    const explain = async (k) => {
      if (explanations.has(k.id)) { explanations.delete(k.id); renderClocks(current); return; }
      try {
        const r = await api(base + '/clocks/' + encodeURIComponent(k.id) + '/explanation');
        explanations.set(k.id, r.explanation);
        renderClocks(current);
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };

    const renderClocks = (c) => {
      const clocks = $('clocks'); clocks.replaceChildren();
      for (const k of c.clocks) {
        const li = el('li', null, 'clock ' + k.state);
        li.dataset.clockId = k.id;
        const who = k.kind === 'approval' ? (roleNames[k.role] || k.role) : directory.name(k.unit);
        const open = !k.completedAt && k.state !== 'cancelled';
        li.append(el('strong', (clockKinds[k.kind] || k.kind) + ' — ' + who),
          el('span', ' · ' + (clockStates[k.state] || k.state) + ' · hạn ' + when(k.deadline) + (open ? ' (' + timeLeft(k.deadline) + ')' : k.completedAt ? ' · xong lúc ' + when(k.completedAt) : '')));
        const why = el('button', 'Vì sao hạn này?', 'secondary link');
        why.type = 'button';
        why.setAttribute('aria-expanded', String(explanations.has(k.id)));
        why.addEventListener('click', () => explain(k));
        li.append(' ', why);
        if (explanations.has(k.id)) {
          const days = el('ol', null, 'explanation');
          days.append(...explanations.get(k.id).map((x) => el('li', x.text, x.counted ? 'counted' : 'skipped')));
          li.appendChild(days);
        }
        clocks.appendChild(li);
      }
    };

    const renderCoordination = (c, w) => {
      const requests = c.clocks.filter((k) => k.kind === 'coordination');
      $('coordination-section').hidden = requests.length === 0;
      const list = $('coordination'); list.replaceChildren();
      for (const k of requests) {
        const li = el('li');
        li.dataset.clockId = k.id;
        li.append(el('div', directory.name(k.fromUnit) + ' đề nghị ' + directory.name(k.unit) + ' phối hợp · hạn ' + when(k.deadline), 'meta'), el('div', k.question));
        const answer = (w.coordinationAnswers || []).find((a) => a.clockId === k.id);
        if (answer) {
          li.append(el('div', 'Trả lời của ' + directory.name(answer.unit) + ' · ' + answer.by + ' · ' + when(answer.at), 'meta'), el('div', answer.text, 'answer'));
        } else if (k.state !== 'cancelled' && (routes || (me.unit && me.unit.toUpperCase() === k.unit.toUpperCase()))) {
          const form = el('form', null, 'inline');
          const text = el('textarea');
          text.name = 'text'; text.rows = 3; text.required = true; text.maxLength = 8000;
          const label = el('label', 'Trả lời đề nghị phối hợp');
          label.appendChild(text);
          const send = el('button', 'Gửi trả lời phối hợp');
          send.type = 'submit';
          form.append(label, send);
          form.addEventListener('submit', async (event) => {
            event.preventDefault();
            try { const updated = await api(base + '/coordination/' + encodeURIComponent(k.id) + '/answer', { text: text.value }); current = updated; render(updated); showError(''); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
          });
          li.appendChild(form);
        }
        list.appendChild(li);
      }
    };

    // Who may be given the case: the officers of its units (a unit's head: their own unit's).
    const loadOfficers = async (c) => {
      const select = document.querySelector('#f-assignee select[name=username]');
      const units = isHead && !routes ? c.units.filter((u) => me.unit && u.toUpperCase() === me.unit.toUpperCase()) : c.units;
      select.replaceChildren(el('option', '— chọn cán bộ —'));
      select.firstChild.value = '';
      for (const u of units) {
        try {
          const r = await api('/api/units/' + encodeURIComponent(u) + '/officers');
          for (const o of r.officers.filter((x) => x.role === 'UnitOfficer' || x.role === 'UnitHead')) {
            const option = el('option', (o.displayName || o.username) + ' — ' + directory.name(u) + ' (đang giữ ' + o.openCases + ' việc)');
            option.value = o.username;
            select.appendChild(option);
          }
        } catch (e) { /* not allowed to list this unit's officers */ }
      }
    };

    const render = (c) => {
      const w = c.workflow || {};
      $('status').textContent = w.statusLabel;
      $('classification').textContent = w.category ? ('Lĩnh vực ' + w.category + ': ' + w.categoryName + ' · thẩm quyền duyệt: ' +
        authorityName(w.authority) + (w.topic ? ' · chủ đề: ' + w.topic : '')) : 'Chưa phân loại';
      $('units').textContent = c.units.length ? 'Đơn vị xử lý: ' + c.units.map(directory.name).join(', ') + (c.complexity === 'complex' ? ' (phức tạp, nhiều đơn vị)' : '') : 'Chưa chuyển đơn vị';
      $('assignee').textContent = c.assignee ? 'Cán bộ xử lý: ' + c.assignee : (c.units.length ? 'Chưa giao cán bộ cụ thể' : '');
      if (w.mergedInto) $('units').textContent += ' · đã gộp vào vụ việc ' + w.mergedInto;
      const moderation = c.moderation || [];
      const messages = $('messages'); messages.replaceChildren();
      for (const m of c.messages) {
        const li = el('li');
        li.dataset.messageId = m.id;
        const flag = moderation.find((x) => x.messageId === m.id);
        const meta = el('div', (m.author.name || (m.author.isPage ? 'Trang' : 'Người dùng Facebook')) + ' · ' + when(m.createdAt || m.receivedAt) + (m.hidden ? ' · đang ẩn trên Facebook' : '') + (m.removedAt ? ' · đã bị xoá trên Facebook' : '') + (flag ? ' · ' + flag.statusLabel : ''), 'meta');
        const href = permalinkOf(c, m);
        if (href) {
          const a = el('a', 'Xem trên Facebook');
          a.href = href; a.target = '_blank'; a.rel = 'noopener noreferrer';
          meta.append(' · ', a);
        }
        li.append(meta, el('div', m.text));
        if (flag) li.classList.add('flagged');
        messages.appendChild(li);
      }
      renderModeration(moderation);
      renderClocks(c);
      renderCoordination(c, w);
      renderEditorial(w, directory.name);
      category = w.category;
      const pending = c.status.startsWith('pending-');
      const working = ['assigned', 'drafting'].includes(c.status);
      const mine = me.unit && c.units.some((u) => u.toUpperCase() === me.unit.toUpperCase());
      showForms({
        classify: ['new', 'classified', 'assigned', 'drafting'].includes(c.status),
        assign: c.status === 'classified',
        reassign: working,
        assignee: working && (routes || mine),
        coordination: working && (routes || mine),
        merge: ['new', 'classified', 'assigned', 'drafting'].includes(c.status),
        drafts: working || pending,
        submit: c.status === 'drafting',
        approve: pending, reject: pending,
        close: ['new', 'classified', 'assigned', 'drafting', 'published'].includes(c.status) || (c.status === 'approved' && w.publication && ['failed', 'needs-other-channel'].includes(w.publication.status)),
        reopen: ['closed', 'not-actionable'].includes(c.status)
      });
      // An officer takes the case; a head or the Board gives it to someone.
      const assigneeForm = $('f-assignee');
      const gives = routes || isHead;
      assigneeForm.querySelector('[data-officer-choice]').hidden = !gives;
      assigneeForm.querySelector('[data-assign-other]').hidden = !gives;
      assigneeForm.querySelector('[data-take]').hidden = !(mine && c.assignee !== me.username);
      if (!assigneeForm.hidden && gives) loadOfficers(c);
      const from = document.querySelector('#f-coordination select[name=fromUnit]');
      from.replaceChildren(...c.units.filter((u) => routes || (me.unit && u.toUpperCase() === me.unit.toUpperCase())).map((u) => { const o = el('option', directory.name(u)); o.value = u; return o; }));
    };
    let category = null;
    const content = wireContentCheck(() => category);
    const decide = async (messageId, decision) => {
      try { render(await api(base + '/moderation/' + encodeURIComponent(messageId), { decision })); showError(''); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };
    const renderModeration = (entries) => {
      $('moderation-box').hidden = entries.length === 0;
      const list = $('moderation'); list.replaceChildren();
      for (const m of entries) {
        const li = el('li');
        li.append(el('div', m.statusLabel + ' · ' + m.clauses.join(', ') + ' · mức tin cậy ' + (m.confidence === 'high' ? 'cao' : 'trung bình') + ' · ' + when(m.detectedAt) + (m.decidedBy ? ' · ' + m.decidedBy : ''), 'meta'));
        if (m.excerpts.length) li.appendChild(el('div', '“' + m.excerpts.join('”, “') + '”'));
        if (m.error) li.appendChild(el('div', m.error, 'error'));
        if (isModerator(me)) {
          const actions = el('div', null, 'actions');
          const button = (label, decision) => { const b = el('button', label); b.type = 'button'; b.dataset.decision = decision; b.addEventListener('click', () => decide(m.messageId, decision)); actions.appendChild(b); };
          if (['pending-review', 'hide-failed', 'kept', 'unhidden'].includes(m.status)) button('Ẩn trên Facebook', 'hide');
          if (['pending-review', 'hide-failed'].includes(m.status)) button('Giữ nguyên', 'keep');
          if (m.status === 'hidden') button('Bỏ ẩn', 'unhide');
          li.appendChild(actions);
        }
        list.appendChild(li);
      }
    };
    showForms = wireForms(me, base, (c) => { current = c; render(c); }, (action) => {
      const drafts = current && current.workflow && current.workflow.drafts;
      if (action === 'submit' && drafts && drafts.length) { draftForm().hidden = false; content.recheck(drafts[drafts.length - 1].text); }
    });
    $('f-assignee').querySelector('[data-take]').addEventListener('click', async () => {
      try { current = await api(base + '/assignee', { username: me.username }); render(current); showError(''); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    });

    // Merge: find the case that carries the same matter by its words, then choose it.
    const mergeSearch = document.querySelector('#f-merge [data-merge-search]');
    const mergeResults = document.querySelector('#f-merge [data-merge-results]');
    mergeSearch.addEventListener('input', debounce(async () => {
      mergeResults.replaceChildren();
      if (!mergeSearch.value.trim()) return;
      try {
        const page = await api('/api/threads?' + new URLSearchParams({ q: mergeSearch.value, pageSize: '8' }));
        for (const item of page.items.filter((x) => x.id !== id)) {
          const li = el('li');
          const b = el('button', (item.author ? item.author.name + ': ' : '') + (item.preview || item.id).slice(0, 120), 'secondary');
          b.type = 'button';
          b.dataset.caseId = item.id;
          b.addEventListener('click', () => { document.querySelector('#f-merge input[name=into]').value = item.id; mergeResults.replaceChildren(); });
          li.appendChild(b);
          mergeResults.appendChild(li);
        }
        if (!mergeResults.children.length) mergeResults.appendChild(el('li', 'Không tìm thấy vụ việc nào.', 'meta'));
      } catch (e) { mergeResults.appendChild(el('li', e.message, 'meta')); }
    }, 300));

    const load = async () => {
      try { const c = await api(base); current = c; render(c); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };
    await load();
    window.caseState = { loads: 1 };
    live(debounce((changes) => { if (!changes || changes.some((c) => c.caseId === id)) load().then(() => { window.caseState.loads++; }); }, 200));
  }

  async function postPage() {
    const id = decodeURIComponent(location.pathname.substring('/posts/'.length));
    let me;
    try { me = await whoAmI(); } catch (e) { return; }
    $('post-title').textContent = id;
    const base = '/api/posts/' + encodeURIComponent(id);
    let showForms;
    const render = (p) => {
      $('status').textContent = p.statusLabel;
      $('classification').textContent = 'Lĩnh vực ' + p.category + ': ' + p.categoryName + ' · thẩm quyền: ' + authorityName(p.authority) + ' · người soạn: ' + p.createdBy;
      renderEditorial(p);
      category = p.category;
      const pending = p.status.startsWith('pending-');
      showForms({ drafts: p.status === 'drafting' || pending, submit: p.status === 'drafting', approve: pending, reject: pending, withdraw: p.status === 'drafting' });
    };
    let category = null;
    let last = null;
    const content = wireContentCheck(() => category);
    showForms = wireForms(me, base, (p) => { last = p; render(p); }, (action) => {
      if (action === 'submit' && last && last.drafts && last.drafts.length) { draftForm().hidden = false; content.recheck(last.drafts[last.drafts.length - 1].text); }
    });
    const load = async () => {
      try { const p = await api(base); last = p; render(p); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };
    await load();
    live(debounce((changes) => { if (!changes || changes.some((c) => c.caseId === id)) load(); }, 200));
  }

  const severityNames = { 1: 'Cần chú ý', 2: 'Khủng hoảng', 3: 'Nghiêm trọng', 4: 'Rất nghiêm trọng' };
  const minutesAgo = (s) => { const m = Math.max(0, Math.floor((Date.now() - new Date(s).getTime()) / 60000)); return m < 1 ? 'vừa xảy ra' : m + ' phút trước'; };

  // R8.4d: every crisis, live; crisis officers raise the Department's signals; they and the Chief of Office act.
  async function crisesPage() {
    let me;
    try { me = await whoAmI(); } catch (e) { return; }
    const roles = me.roles || [];
    const canAct = ['CrisisOfficer', 'ChiefOfOffice'].some((r) => roles.includes(r));
    $('f-signal').hidden = !roles.includes('CrisisOfficer');

    const act = async (id, action, note) => {
      try { await api('/api/crises/' + encodeURIComponent(id) + '/' + action, note ? { note } : {}); showError(''); await load(); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };

    const load = async () => {
      try {
        const status = $('crisis-filter').value;
        const page = await api('/api/crises' + (status ? '?status=' + status : ''));
        const list = $('crises'); list.replaceChildren();
        for (const c of page.items) {
          const li = el('li', null, 'crisis severity-' + c.severity + (c.status === 'resolved' ? ' resolved' : ''));
          li.dataset.crisisId = c.id;
          li.append(el('div', 'Mức ' + c.severity + ' — ' + severityNames[c.severity] + ' · ' + c.statusLabel + ' · ' + (c.source === 'auto' ? 'tự động phát hiện' : c.sourceLabel + ' báo') +
            ' · từ ' + when(c.openedAt) + ' (' + minutesAgo(c.openedAt) + ')' + (c.escalatedAt ? ' · đã chuyển Chánh Văn phòng' : ''), 'meta'), el('strong', c.title));
          if (c.postIds.length) li.appendChild(el('div', 'Bài đăng: ' + c.postIds.join(', '), 'meta'));
          const evidence = el('ul');
          for (const e of c.evidence) evidence.appendChild(el('li', e));
          li.appendChild(evidence);
          if (c.plan) {
            // R8.4d: the response plan's state, and the clarification it publishes once approved.
            const plan = el('div', 'Phương án xử lý (bản ' + c.plan.version + '): ' + c.plan.statusLabel +
              (c.plan.returnedReason && c.plan.status === 'drafting' ? ' — bị trả lại: ' + c.plan.returnedReason : '') +
              (c.plan.postId ? ' · bài làm rõ ' + c.plan.postId : '') + (c.plan.publicationError ? ' · lỗi đăng: ' + c.plan.publicationError : ''), 'meta plan');
            plan.dataset.planStatus = c.plan.status;
            li.appendChild(plan);
            li.appendChild(el('blockquote', c.plan.clarification, 'clarification'));
          }
          if (canAct && c.status !== 'resolved') {
            const actions = el('div', null, 'actions');
            const note = el('input');
            note.maxLength = 2000;
            note.placeholder = 'Ghi chú (không bắt buộc)';
            note.setAttribute('aria-label', 'Ghi chú cho thao tác');
            actions.appendChild(note);
            const button = (label, action) => { const b = el('button', label); b.type = 'button'; b.dataset.action = action; b.addEventListener('click', () => act(c.id, action, note.value.trim() || undefined)); actions.appendChild(b); };
            if (c.status === 'open') button('Tiếp nhận', 'acknowledge');
            button('Đang xử lý', 'respond');
            button('Kết thúc', 'resolve');
            li.appendChild(actions);
          }
          list.appendChild(li);
        }
        $('crises-empty').hidden = page.items.length > 0;
        const active = page.items.filter((c) => c.status !== 'resolved').length;
        document.title = (active ? '(' + active + ') ' : '') + 'Khủng hoảng truyền thông — Fanpage UBND tỉnh Lào Cai';
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };

    $('crisis-filter').addEventListener('change', load);
    $('f-signal').addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(event.target);
      const body = { title: data.get('title'), severity: Number(data.get('severity')), relatedPostIds: lines(data.get('relatedPostIds')), keywords: lines(data.get('keywords')) };
      if (data.get('description')) body.description = data.get('description');
      if (data.get('sourceUrl')) body.sourceUrl = data.get('sourceUrl');
      try { await api('/api/crises/signals', body); event.target.reset(); showError(''); await load(); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    });
    await load();
    // Alerts arrive on the case hub: any crisis alert reloads the list at once (a reconnect reloads too).
    live((changes) => { if (changes === null) load(); }, (alert) => { if (alert && String(alert.kind || '').startsWith('crisis')) load(); });
    setInterval(load, 60000);
  }

  // R15.2: pages that may impersonate the official page — scored with reasons, then confirmed → reported → removed, or dismissed.
  async function impostorsPage() {
    let me;
    try { me = await whoAmI(); } catch (e) { return; }
    const roles = me.roles || [];
    const canReport = ['EditorialStaff', 'EditorialHead', 'ChiefOfOffice', 'CrisisOfficer'].some((r) => roles.includes(r));
    const canAct = ['CrisisOfficer', 'ChiefOfOffice'].some((r) => roles.includes(r));
    $('f-candidate').hidden = !canReport;
    $('f-import').hidden = !canReport;
    $('f-search').hidden = !canAct;

    const act = async (id, action, reference, note) => {
      const body = {};
      if (reference) body.reference = reference;
      if (note) body.note = note;
      try { await api('/api/impostors/' + encodeURIComponent(id) + '/' + action, body); showError(''); await load(); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };

    const load = async () => {
      try {
        const status = $('impostor-filter').value;
        const page = await api('/api/impostors' + (status ? '?status=' + status : ''));
        const list = $('impostors'); list.replaceChildren();
        for (const p of page.items) {
          const li = el('li', null, 'impostor ' + p.status);
          li.dataset.pageId = p.id;
          const link = el('a', p.page.url || p.page.name);
          if (p.page.url) { link.href = p.page.url; link.rel = 'noopener noreferrer'; link.target = '_blank'; }
          li.append(el('div', 'Điểm ' + p.score + '/100 · ' + p.statusLabel + ' · ghi nhận ' + when(p.firstSeenAt) + ' · kiểm tra ' + when(p.lastCheckedAt) +
            (p.reportReference ? ' · số tham chiếu Meta: ' + p.reportReference : ''), 'meta'), el('strong', p.page.name), el('div', null, 'meta'));
          li.lastChild.appendChild(link);
          const reasons = el('ul', null, 'reasons');
          for (const r of p.reasons) reasons.appendChild(el('li', (r.points > 0 ? '+' : '') + r.points + ' · ' + r.text));
          li.appendChild(reasons);
          const actionsFor = { 'suspected': ['confirm', 'dismiss'], 'low-risk': ['confirm', 'dismiss'], 'confirmed': ['report', 'remove', 'dismiss'], 'reported': ['remove', 'dismiss'] }[p.status] || [];
          if (canAct && actionsFor.length) {
            const actions = el('div', null, 'actions');
            const reference = el('input');
            reference.maxLength = 200;
            reference.placeholder = 'Số tham chiếu báo cáo Meta';
            reference.setAttribute('aria-label', 'Số tham chiếu báo cáo Meta');
            reference.hidden = !actionsFor.includes('report');
            const note = el('input');
            note.maxLength = 2000;
            note.placeholder = 'Ghi chú (không bắt buộc)';
            note.setAttribute('aria-label', 'Ghi chú cho thao tác');
            actions.append(reference, note);
            const labels = { confirm: 'Xác định giả mạo', report: 'Đã báo cáo Meta', remove: 'Đã bị gỡ', dismiss: 'Không phải giả mạo' };
            for (const action of actionsFor) {
              const b = el('button', labels[action]);
              b.type = 'button';
              b.dataset.action = action;
              b.addEventListener('click', () => act(p.id, action, reference.value.trim() || undefined, note.value.trim() || undefined));
              actions.appendChild(b);
            }
            li.appendChild(actions);
          }
          list.appendChild(li);
        }
        $('impostors-empty').hidden = page.items.length > 0;
        const flagged = page.items.filter((p) => ['suspected', 'confirmed', 'reported'].includes(p.status)).length;
        document.title = (flagged ? '(' + flagged + ') ' : '') + 'Trang mạo danh — Fanpage UBND tỉnh Lào Cai';
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };

    const readFile = (file) => new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(new Error('Không đọc được tệp.'));
      reader.readAsDataURL(file);
    });

    $('impostor-filter').addEventListener('change', load);
    $('f-candidate').addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(event.target);
      const body = {};
      for (const key of ['url', 'name', 'username', 'about', 'category']) if (data.get(key)) body[key] = data.get(key);
      if (data.get('followers')) body.followers = Number(data.get('followers'));
      const file = data.get('picture');
      try {
        if (file && file.size) body.picture = await readFile(file);
        const page = await api('/api/impostors/candidates', body);
        event.target.reset();
        showError('');
        await load();
        const row = document.querySelector('[data-page-id="' + CSS.escape(page.id) + '"]');
        if (row) row.scrollIntoView({ block: 'center' });
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    });
    $('f-import').addEventListener('submit', async (event) => {
      event.preventDefault();
      const file = new FormData(event.target).get('file');
      try {
        const response = await fetch('/api/impostors/candidates/import', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'text/csv; charset=utf-8' }, body: await file.text() });
        const data = await response.json().catch(() => null);
        if (!response.ok) throw new Error((data && (data.detail || data.title)) || ('HTTP ' + response.status));
        event.target.reset();
        showError('');
        await load();
      } catch (e) { showError(e.message); }
    });
    $('f-search').addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const round = await api('/api/impostors/search', {});
        $('search-result').textContent = round.problem ? 'Lỗi: ' + round.problem
          : 'Đã tìm ' + round.queries + ' lượt, ' + round.found + ' kết quả, ghi nhận ' + round.recorded + '; kiểm tra lại ' + round.rechecked + ' trang, ' + round.removed + ' trang đã bị gỡ.';
        await load();
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    });
    await load();
    live((changes) => { if (changes === null) load(); }, (alert) => { if (alert && alert.kind === 'impostor') load(); });
    setInterval(load, 60000);
  }

  // R10/R11/R13: the archive of daily reports (pushed here when ready), any period's review, regenerating a day.
  async function leadershipPage() {
    let me;
    try { me = await whoAmI(); } catch (e) { return; }
    const roles = me.roles || [];
    $('f-generate').hidden = !['Admin', 'EditorialHead', 'ChiefOfOffice'].some((r) => roles.includes(r));
    const vi = new Intl.NumberFormat('vi-VN');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const weekAgo = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() - 6 * 86400000));
    const range = $('f-range');
    range.from.value = weekAgo; range.to.value = today; range.from.max = today; range.to.max = today;
    $('f-generate').date.value = today; $('f-generate').date.max = today;
    const link = (href, text) => { const a = el('a', text); a.href = href; return a; };

    const load = async () => {
      try {
        const page = await api('/api/reports/daily');
        const rows = $('reports'); rows.replaceChildren();
        for (const r of page.items) {
          const tr = document.createElement('tr');
          tr.dataset.date = r.date;
          const [y, m, d] = r.date.split('-');
          const first = document.createElement('td');
          first.appendChild(link('/api/reports/daily/' + r.date + '.html', d + '/' + m + '/' + y));
          if (r.version > 1) first.appendChild(el('span', ' (bản ' + r.version + ')', 'meta'));
          const s = r.summary;
          tr.append(first, ...[s.received, s.opened, s.answered, s.overdueAtEnd].map((n) => el('td', vi.format(n), 'n')),
            el('td', s.onTimeRate === null || s.onTimeRate === undefined ? '–' : (s.onTimeRate * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 }) + '%', 'n'),
            el('td', vi.format(s.crises), 'n'), el('td', vi.format(s.impostors), 'n'));
          const files = document.createElement('td');
          files.append(link('/api/reports/daily/' + r.date + '.html', 'In'), ' · ', link('/api/reports/daily/' + r.date + '.xlsx', 'XLSX'), ' · ', link('/api/reports/daily/' + r.date + '.csv', 'CSV'));
          tr.appendChild(files);
          rows.appendChild(tr);
        }
        $('reports-empty').hidden = page.items.length > 0;
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };

    const rangeLinks = () => {
      const q = 'from=' + encodeURIComponent(range.from.value) + '&to=' + encodeURIComponent(range.to.value);
      const box = $('range-links'); box.replaceChildren();
      if (!range.from.value || !range.to.value) return null;
      box.append(link('/api/reports/range?' + q + '&format=html', 'Xem, in'), ' · ', link('/api/reports/range?' + q + '&format=xlsx', 'XLSX'), ' · ', link('/api/reports/range?' + q + '&format=csv', 'CSV'));
      return '/api/reports/range?' + q + '&format=html';
    };
    range.addEventListener('change', rangeLinks);
    range.addEventListener('submit', (event) => {
      event.preventDefault();
      const href = rangeLinks();
      if (href) { figures(null, range.from.value, range.to.value); window.open(href, '_blank', 'noopener'); }
    });
    $('f-generate').addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const stamp = await api('/api/reports/daily/' + encodeURIComponent(event.target.date.value) + '/generate', {});
        showError('');
        $('notice').hidden = false;
        $('notice').textContent = 'Đã lập báo cáo ngày ' + stamp.date + ' (bản ' + stamp.version + ').';
        await load();
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    });
    // Figures for a period, the category mix and the unit ranking as charts one can click through to the cases behind them.
    let period = null;
    const iso = (date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(date);
    const drill = async (title, query) => {
      try {
        const params = Object.assign({ pageSize: '200', from: period.from, to: period.to }, query);
        for (const key of Object.keys(params)) if (params[key] === '') delete params[key];
        const page = await api('/api/threads?' + new URLSearchParams(params));
        $('drill').hidden = false;
        $('drill-title').textContent = title + ' (' + page.total + ')';
        const rows = $('drill-rows'); rows.replaceChildren();
        for (const item of page.items) {
          const tr = linkRow('/cases/', item.id, [item.author ? item.author.name : '', item.preview, item.statusLabel, when(item.receivedAt)]);
          tr.dataset.caseId = item.id;
          rows.appendChild(tr);
        }
        $('drill-empty').hidden = page.items.length > 0;
        $('drill').scrollIntoView({ block: 'nearest' });
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };
    // A preset (days back from today) or the period of the form.
    const figures = async (days, from, to) => {
      period = days ? { from: iso(new Date(Date.now() - (days - 1) * 86400000)), to: today, days } : { from, to, days: null };
      for (const b of document.querySelectorAll('#periods button')) b.setAttribute('aria-pressed', String(Number(b.dataset.days) === days));
      try {
        const r = await api('/api/reports/range?from=' + period.from + '&to=' + period.to);
        $('period-label').textContent = '(' + period.from.split('-').reverse().join('/') + ' – ' + period.to.split('-').reverse().join('/') + ')';
        $('f-received').textContent = vi.format(r.messages.total);
        $('f-opened').textContent = vi.format(r.cases.opened);
        $('f-answered').textContent = vi.format(r.cases.answered);
        $('f-overdue').textContent = vi.format(r.cases.overdueAtEnd);
        $('f-crises').textContent = vi.format(r.crises.length);
        $('f-impostors').textContent = vi.format(r.impostors.length);
        const bars = $('category-bars'); bars.replaceChildren();
        const max = Math.max(1, ...r.messages.byCategory.map((c) => c.count));
        for (const c of r.messages.byCategory) {
          const li = el('li');
          const button = el('button', null, 'bar');
          button.type = 'button';
          button.dataset.category = c.key;
          const fill = el('span', null, 'fill');
          fill.style.width = (100 * c.count / max) + '%';
          button.append(el('span', (c.key === '0' ? '' : c.key + '. ') + c.label, 'name'), fill, el('span', vi.format(c.count), 'n'));
          button.addEventListener('click', () => drill('Vụ việc lĩnh vực ' + (c.key === '0' ? 'chưa phân loại' : c.key), { category: c.key }));
          li.appendChild(button);
          bars.appendChild(li);
        }
        const ranking = $('ranking'); ranking.replaceChildren();
        for (const u of r.units) {
          const tr = document.createElement('tr');
          tr.dataset.unit = u.code;
          tr.className = 'clickable';
          tr.tabIndex = 0;
          tr.append(el('td', u.rank === null ? '–' : u.rank), el('td', u.name), el('td', vi.format(u.assigned), 'n'), el('td', vi.format(u.finished), 'n'),
            el('td', u.onTimeRate === null ? '–' : Math.round(u.onTimeRate * 100) + '%', 'n'), el('td', vi.format(u.overdueAtEnd), 'n'),
            el('td', u.score === null ? '–' : u.score.toLocaleString('vi-VN'), 'n'));
          const open = () => drill('Vụ việc của ' + u.name, { unit: u.code });
          tr.addEventListener('click', open);
          tr.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
          ranking.appendChild(tr);
        }
        $('formula').textContent = 'Cách tính: ' + r.rankingFormula;
        const people = $('officer-ranking'); people.replaceChildren();
        for (const o of (r.officers || [])) {
          const tr = document.createElement('tr');
          tr.dataset.username = o.username;
          tr.className = 'clickable';
          tr.tabIndex = 0;
          tr.append(el('td', o.username), el('td', o.unitName), el('td', vi.format(o.answered), 'n'), el('td', vi.format(o.onTime), 'n'), el('td', vi.format(o.late), 'n'),
            el('td', o.onTimeRate === null ? '–' : Math.round(o.onTimeRate * 100) + '%', 'n'), el('td', vi.format(o.overdueAtEnd), 'n'));
          const open = () => drill('Vụ việc ' + o.username + ' đang giữ', { assignee: o.username, from: '', to: '' });
          tr.addEventListener('click', open);
          tr.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
          people.appendChild(tr);
        }
        $('officers-empty').hidden = (r.officers || []).length > 0;
        window.leadershipState = { days, loads: ((window.leadershipState || {}).loads || 0) + 1 };
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };
    for (const b of document.querySelectorAll('#periods button')) b.addEventListener('click', () => figures(Number(b.dataset.days)));

    rangeLinks();
    await load();
    await figures(1);
    const refresh = debounce(() => figures(period.days, period.from, period.to), 5000);
    live((changes) => { refresh(); if (changes === null) load(); }, (alert) => {
      if (alert && alert.kind === 'report') {
        $('notice').hidden = false;
        $('notice').textContent = alert.message;
        load();
      } else if (alert && alert.active) {
        showError(alert.message);
      }
    });
    setInterval(load, 300000);
  }

  window.LcfOfficer = { queuePage, casePage, postPage, crisesPage, impostorsPage, leadershipPage };
})();
