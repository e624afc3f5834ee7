// The console's service worker: keeps the app shell so the console opens without a network (and says
// then that calls cannot reach this phone), and opens the right call when a notification is tapped.
// The API and the live link are never cached: a call is always the hub's latest word.
const SHELL = 'carecall-shell-8';
const FILES = ['/', '/console/console.css', '/console/boot.js', '/console/main.js', '/console/api.js', '/console/audit.js',
  '/console/board.js', '/console/checkin.js', '/console/checkin-words.js', '/console/devices.js', '/console/dom.js', '/console/file.js', '/console/forms.js',
  '/console/history.js', '/console/i18n.js', '/console/live.js', '/console/policies.js', '/console/reports.js',
  '/console/resident-form.js', '/console/residents.js', '/console/ringer.js', '/console/roster.js',
  '/console/staff.js', '/console/today.js', '/console/words.js', '/console/orders.js',
  '/console/order-words.js', '/console/family.js', '/console/family-words.js', '/console/icon-192.png', '/manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== SHELL).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

// The shell from the network first (so an updated hub's console is used at once), the cache when offline.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const shell = event.request.method === 'GET' && url.origin === self.location.origin
    && (url.pathname === '/' || url.pathname.startsWith('/console/') || url.pathname === '/manifest.webmanifest');
  if (!shell) {
    return;
  }
  event.respondWith(fetch(event.request).then((response) => {
    const copy = response.clone();
    caches.open(SHELL).then((cache) => cache.put(event.request, copy));
    return response;
  }).catch(() => caches.match(event.request, { ignoreSearch: true })));
});

// Tapping a call's notification brings the console forward on that call.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const alarmId = (event.notification.data || {}).alarmId;
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
    const open = windows[0];
    if (open) {
      open.postMessage({ open: alarmId });
      return open.focus();
    }
    return self.clients.openWindow('/#call=' + encodeURIComponent(alarmId));
  }));
});
