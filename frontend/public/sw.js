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
  // a page of this site only: "/\\evil.example" and the like resolve elsewhere, so the origin is compared, not the text
  const sameSite = (u) => {
    try {
      return typeof u === 'string' && new URL(u, self.location.origin).origin === self.location.origin;
    } catch {
      return false;
    }
  };
  const url = sameSite(data.url) ? new URL(data.url, self.location.origin).pathname + new URL(data.url, self.location.origin).search
    : '/mon-espace/activite';
  event.waitUntil(self.registration.showNotification(text(data.title, 100) || 'Cortège', {
    body: text(data.body, 300),
    tag: text(data.tag, 64) || undefined,
    icon: '/favicon.svg',
    data: { url },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  let url = new URL('/mon-espace/activite', self.location.origin).href;
  try {
    const wanted = new URL(event.notification.data && event.notification.data.url ? event.notification.data.url : '/', self.location.origin);
    if (wanted.origin === self.location.origin) url = wanted.href;
  } catch {
    /* the feed, then */
  }
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    for (const w of windows) {
      if (w.url === url && 'focus' in w) return w.focus();
    }
    return self.clients.openWindow(url);
  }));
});
