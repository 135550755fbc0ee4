// The service worker that shows this service's push notifications when no page of it is open. The payload is the
// one the service encrypted for this browser (RFC 8291): a title, a short text and the page to open.
self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { title: event.data ? event.data.text() : 'Thông báo' }; }
  event.waitUntil(self.registration.showNotification(data.title || 'Fanpage UBND tỉnh Lào Cai', {
    body: data.body || '',
    tag: data.tag,
    renotify: !!data.urgent,
    requireInteraction: !!data.urgent,
    lang: 'vi',
    data: { url: data.url || '/' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/';
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    for (const w of windows) {
      if (w.url === url && 'focus' in w) return w.focus();
    }
    return self.clients.openWindow(url);
  }));
});
