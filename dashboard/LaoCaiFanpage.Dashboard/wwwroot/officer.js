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

  function showError(message) {
    const box = $('error');
    box.hidden = !message;
    box.textContent = message || '';
  }

  function live(onChange) {
    const state = $('live');
    const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/cases')
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(30000, 1000 * Math.pow(2, c.previousRetryCount)) }).build();
    connection.on('cases-changed', (changes) => onChange(changes || []));
    connection.on('alert', (alert) => { if (alert && alert.active) showError(alert.message); });
    connection.onreconnecting(() => { state.textContent = 'Mất kết nối, đang kết nối lại…'; });
    connection.onreconnected(() => { state.textContent = 'Trực tuyến'; onChange(null); });
    const start = () => connection.start().then(() => { state.textContent = 'Trực tuyến'; })
      .catch(() => { state.textContent = 'Mất kết nối, đang thử lại…'; setTimeout(start, 5000); });
    connection.onclose(() => setTimeout(start, 5000));
    start();
  }

  function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }

  async function whoAmI() {
    const me = await api('/api/auth/me');
    $('who').textContent = (me.displayName || me.username) + (me.unit ? ' — ' + me.unit : '');
    return me;
  }

  function queuesFor(me) {
    const roles = me.roles || [];
    const has = (r) => roles.includes(r);
    const queues = [];
    if (has('Admin') || has('EditorialStaff') || has('EditorialHead') || has('ChiefOfOffice')) {
      queues.push({ key: 'intake', title: 'Tiếp nhận (mới)', status: 'new' }, { key: 'classified', title: 'Đã phân loại, chờ chuyển', status: 'classified' });
    }
    if (has('UnitOfficer') && me.unit) queues.push({ key: 'unit', title: 'Vụ việc của ' + me.unit, status: null, unit: me.unit });
    if (has('EditorialHead')) queues.push({ key: 'head', title: 'Chờ tôi duyệt (Trưởng Ban)', status: 'pending-editorial-head' });
    if (has('ChiefOfOffice')) queues.push({ key: 'chief', title: 'Chờ tôi duyệt (Chánh VP)', status: 'pending-chief-of-office' });
    if (has('StandingCommittee')) queues.push({ key: 'standing', title: 'Chờ Thường trực duyệt', status: 'pending-standing-committee' });
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
    $('queue-title').textContent = current.title;
    const roles = me.roles || [];
    const showPosts = current.posts || (current.status || '').startsWith('pending-');
    $('case-table').hidden = !!current.posts;
    $('posts-section').hidden = !showPosts;
    $('new-post').hidden = !(current.posts && ['Admin', 'EditorialStaff', 'EditorialHead', 'ChiefOfOffice'].some((r) => roles.includes(r)));

    const loadCases = async () => {
      const query = new URLSearchParams({ pageSize: '200' });
      if (current.status) query.set('status', current.status);
      if (current.unit) query.set('unit', current.unit);
      const page = await api('/api/threads?' + query);
      const rows = $('rows');
      rows.replaceChildren();
      for (const item of page.items) {
        const tr = document.createElement('tr');
        const link = el('a', item.id);
        link.href = '/cases/' + encodeURIComponent(item.id);
        const first = document.createElement('td');
        first.appendChild(link);
        tr.append(first, el('td', item.author ? item.author.name : ''), el('td', item.preview), el('td', (item.units || []).join(', ')),
          el('td', item.statusLabel), el('td', when(item.receivedAt)));
        tr.dataset.caseId = item.id;
        rows.appendChild(tr);
      }
      $('empty').hidden = page.items.length > 0;
    };

    const loadPosts = async () => {
      const query = new URLSearchParams({ pageSize: '200' });
      if (current.status) query.set('status', current.status);
      const page = await api('/api/posts?' + query);
      const rows = $('post-rows');
      rows.replaceChildren();
      for (const item of page.items) {
        const tr = document.createElement('tr');
        const link = el('a', item.id);
        link.href = '/posts/' + encodeURIComponent(item.id);
        const first = document.createElement('td');
        first.appendChild(link);
        tr.append(first, el('td', item.category), el('td', item.preview), el('td', item.createdBy), el('td', item.statusLabel), el('td', when(item.updatedAt)));
        tr.dataset.postId = item.id;
        rows.appendChild(tr);
      }
    };

    const load = async () => {
      try {
        if (!current.posts) await loadCases();
        if (showPosts) await loadPosts();
        showError('');
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };

    $('new-post').addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(event.target);
      try {
        const created = await api('/api/posts', { category: Number(data.get('category')), authority: data.get('authority'), text: data.get('text'), sources: lines(data.get('sources')) });
        location.href = '/posts/' + encodeURIComponent(created.id);
      } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    });
    await load();
    live(debounce(load, 300));
  }

  const authorityName = (a) => a === 'standing-committee' ? 'Thường trực UBND tỉnh' : 'Chánh Văn phòng';

  // What a case's answer and a page post share: drafts, approvals, rejections, publication, history.
  function renderEditorial(w) {
    const drafts = $('drafts'); drafts.replaceChildren();
    for (const d of (w.drafts || [])) {
      const li = el('li');
      li.append(el('div', 'Bản số ' + d.number + ' · ' + d.author + (d.unit ? ' (' + d.unit + ')' : '') + ' · ' + when(d.at), 'meta'), el('div', d.text));
      if (d.sources.length) li.appendChild(el('div', 'Nguồn: ' + d.sources.join('; '), 'meta'));
      drafts.appendChild(li);
    }
    const approvals = $('approvals'); approvals.replaceChildren();
    for (const a of (w.approvals || [])) approvals.appendChild(el('li', a.step + ': ' + a.approver + ' · bản số ' + a.draftNumber + ' · ' + when(a.at), a.voided ? 'voided' : ''));
    for (const r of (w.rejections || [])) approvals.appendChild(el('li', 'Trả lại (' + r.step + ') bởi ' + r.by + ': ' + r.reason));
    if (w.publication) approvals.appendChild(el('li', 'Đăng Facebook: ' + w.publication.status + (w.publication.graphId ? ' · mã ' + w.publication.graphId : '') + (w.publication.error ? ' · ' + w.publication.error : '')));
    const history = $('history'); history.replaceChildren();
    for (const h of (w.history || [])) history.appendChild(el('li', when(h.at) + ' · ' + h.actor + ' · ' + (h.detail || h.action)));
    const draftField = document.querySelector('#actions form[data-action=approve] input[name=draft]');
    draftField.value = w.drafts && w.drafts.length ? w.drafts[w.drafts.length - 1].number : '';
  }

  const lines = (value) => String(value || '').split('\n').map((s) => s.trim()).filter(Boolean);

  // The body each action's form sends.
  function formBody(action, data) {
    const body = {};
    if (action === 'classify') { body.category = Number(data.get('category')); body.authority = data.get('authority'); if (data.get('topic')) body.topic = data.get('topic'); }
    if (action === 'assign') { body.units = String(data.get('units')).split(',').map((s) => s.trim()).filter(Boolean); body.complexity = data.get('complexity'); }
    if (action === 'drafts') { body.text = data.get('text'); body.sources = lines(data.get('sources')); }
    if (action === 'approve' && data.get('draft')) body.draft = Number(data.get('draft'));
    if (action === 'reject' || action === 'reopen' || action === 'withdraw') body.reason = data.get('reason');
    if (action === 'close') { if (data.get('reason')) body.reason = data.get('reason'); if (data.get('note')) body.note = data.get('note'); }
    return body;
  }

  // Shows the forms the signed-in roles may use in this status; sends them to base + '/' + action.
  function wireForms(me, base, render) {
    const forms = [...document.querySelectorAll('#actions form')];
    for (const form of forms) {
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const action = form.dataset.action;
        try {
          render(await api(base + '/' + action, formBody(action, new FormData(form))));
          showError('');
          if (['drafts', 'reject', 'reopen', 'withdraw'].includes(action)) form.reset();
        } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
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
    let showForms;

    const render = (c) => {
      const w = c.workflow || {};
      $('status').textContent = w.statusLabel;
      $('classification').textContent = w.category ? ('Lĩnh vực ' + w.category + ': ' + w.categoryName + ' · thẩm quyền: ' +
        authorityName(w.authority) + (w.topic ? ' · chủ đề: ' + w.topic : '')) : 'Chưa phân loại';
      $('units').textContent = c.units.length ? 'Đơn vị: ' + c.units.join(', ') : 'Chưa chuyển đơn vị';
      const messages = $('messages'); messages.replaceChildren();
      for (const m of c.messages) {
        const li = el('li');
        li.append(el('div', (m.author.name || m.author.id) + ' · ' + when(m.createdAt || m.receivedAt), 'meta'), el('div', m.text));
        messages.appendChild(li);
      }
      const clocks = $('clocks'); clocks.replaceChildren();
      for (const k of c.clocks) clocks.appendChild(el('li', k.unit + ' · ' + k.kind + ' · hạn ' + when(k.deadline) + ' · ' + k.state));
      renderEditorial(w);
      const pending = c.status.startsWith('pending-');
      showForms({
        classify: ['new', 'classified', 'assigned', 'drafting'].includes(c.status),
        assign: c.status === 'classified',
        drafts: ['assigned', 'drafting'].includes(c.status) || pending,
        submit: c.status === 'drafting',
        approve: pending, reject: pending,
        close: ['new', 'classified', 'assigned', 'drafting', 'published'].includes(c.status) || (c.status === 'approved' && w.publication && ['failed', 'needs-other-channel'].includes(w.publication.status)),
        reopen: ['closed', 'not-actionable'].includes(c.status)
      });
    };
    showForms = wireForms(me, base, render);

    const load = async () => {
      try { render(await api(base)); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };
    await load();
    live(debounce((changes) => { if (!changes || changes.some((c) => c.caseId === id)) load(); }, 200));
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
      const pending = p.status.startsWith('pending-');
      showForms({ drafts: p.status === 'drafting' || pending, submit: p.status === 'drafting', approve: pending, reject: pending, withdraw: p.status === 'drafting' });
    };
    showForms = wireForms(me, base, render);
    const load = async () => {
      try { render(await api(base)); } catch (e) { if (e.message !== 'signed-out') showError(e.message); }
    };
    await load();
    live(debounce((changes) => { if (!changes || changes.some((c) => c.caseId === id)) load(); }, 200));
  }

  window.LcfOfficer = { queuePage, casePage, postPage };
})();
