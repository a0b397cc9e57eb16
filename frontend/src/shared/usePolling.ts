import { onBeforeUnmount } from 'vue';

/**
 * Asks again every `ms` while started: a running mailing or import, the live counters. Never two
 * ticks at once (a slow answer is not overlapped), none while the page is hidden, one at once when
 * it shows again; a failing tick is simply tried again at the next one. Stops with the component.
 * Call it in a component's setup.
 */
export function usePolling(tick: () => Promise<unknown> | unknown, ms: number) {
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy = false;

  async function run() {
    if (busy || document.visibilityState === 'hidden') return;
    busy = true;
    try {
      await tick();
    } catch {
      /* the next tick tries again */
    } finally {
      busy = false;
    }
  }

  function onVisible() {
    if (document.visibilityState === 'visible') void run();
  }

  function start() {
    stop();
    timer = setInterval(run, ms);
    document.addEventListener('visibilitychange', onVisible);
  }

  function stop() {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    document.removeEventListener('visibilitychange', onVisible);
  }

  onBeforeUnmount(stop);
  return { start, stop };
}
