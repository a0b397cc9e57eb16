// Cortège's service worker: it shows the pushes of the activity feed and opens their page when tapped. It caches
// nothing and makes no request of its own. A push's payload comes encrypted for this browser (RFC 8291); the push
// service in between saw only an encrypted blob.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const text = (v, max) => (typeof v === 'string' ? v.slice(0, max) : '');
  const url = typeof data.url === 'string' && data.url.startsWith('/') && !data.url.startsWith('//') ? data.url : '/mon-espace/activite';
  event.waitUntil(self.registration.showNotification(text(data.title, 100) || 'Cortège', {
    body: text(data.body, 300),
    tag: text(data.tag, 64) || undefined,
    icon: '/favicon.svg',
    data: { url },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data && event.notification.data.url ? event.notification.data.url : '/', self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    for (const w of windows) {
      if (w.url === url && 'focus' in w) return w.focus();
    }
    return self.clients.openWindow(url);
  }));
});
