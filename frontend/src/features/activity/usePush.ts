import { ref } from 'vue';
import { api } from '@/shared/http';

/**
 * Push in this browser: 'unsupported' (no service worker or Push API), 'denied' (the person refused notifications
 * to the site: only the browser's settings can undo it), 'off', 'on' (this browser's subscription is known to the
 * server for the signed-in person). Push stays off until the person turns it on here.
 */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

function supported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function current(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  return registration ? registration.pushManager.getSubscription() : null;
}

export function usePush() {
  const state = ref<PushState>(supported() ? 'off' : 'unsupported');

  async function check(): Promise<void> {
    if (!supported()) return;
    if (Notification.permission === 'denied') {
      state.value = 'denied';
      return;
    }
    const sub = await current();
    if (!sub) {
      state.value = 'off';
      return;
    }
    const known = await api<{ subscribed: boolean }>('POST', '/api/me/push/status', { endpoint: sub.endpoint });
    state.value = known.subscribed ? 'on' : 'off';
  }

  async function enable(): Promise<void> {
    if (!supported()) return;
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      state.value = permission === 'denied' ? 'denied' : 'off';
      return;
    }
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    const { publicKey } = await api<{ publicKey: string }>('GET', '/api/me/push/key');
    const sub = (await registration.pushManager.getSubscription())
      ?? await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
    await api<void>('POST', '/api/me/push/subscriptions', sub.toJSON());
    state.value = 'on';
  }

  async function disable(): Promise<void> {
    const sub = supported() ? await current() : null;
    if (sub) {
      await api<void>('POST', '/api/me/push/unsubscribe', { endpoint: sub.endpoint });
      await sub.unsubscribe().catch(() => false);
    }
    state.value = 'off';
  }

  return { state, check, enable, disable };
}
