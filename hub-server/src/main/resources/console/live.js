// The live stream from the hub (/ws). The board is sent whole on every (re)connect, so a dropped link
// loses nothing; the console reconnects by itself with growing waits.
import { session } from './api.js';

const link = { socket: null, retry: 0, up: false, handlers: null };

/** Connects and hands every message to {@code handlers.message}; {@code handlers.link(up)} hears the link. */
export function connect(handlers) {
  link.handlers = handlers;
  open();
}

function open() {
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  link.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: session.token }));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'ready') {
      link.retry = 0;
      setUp(true);
    }
    link.handlers.message(message);
    // Other scripts of the page (the demo's panel) may listen too.
    window.dispatchEvent(new CustomEvent('carecall:live', { detail: message }));
  };
  socket.onclose = () => {
    setUp(false);
    if (session.token && link.socket === socket) {
      const wait = Math.min(10000, 500 * 2 ** link.retry++) * (0.5 + Math.random() / 2);
      setTimeout(open, wait);
    }
  };
}

function setUp(up) {
  link.up = up;
  link.handlers.link(up);
}

export function linkUp() {
  return link.up;
}

/** Tells the hub this console showed a ringing call to its person: that is what makes a call NOTIFIED. */
export function confirmShown(alarmId) {
  if (link.up) {
    link.socket.send(JSON.stringify({ type: 'shown', alarmId }));
    return true;
  }
  return false;
}

export function disconnect() {
  const socket = link.socket;
  link.socket = null;
  if (socket) {
    socket.close();
  }
}

// A ping now and then keeps phone networks and proxies from dropping a quiet link.
setInterval(() => {
  if (link.up) {
    link.socket.send(JSON.stringify({ type: 'ping' }));
  }
}, 25000);

window.carecallDropLink = () => link.socket && link.socket.close(); // for tests: a network drop
