import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { i18n, setLocale } from '@/app/i18n';
import CountersPanel from './CountersPanel.vue';

function answer(body: unknown, status = 200) {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

describe('CountersPanel', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setLocale('fr');
  });

  it('shows the figures in French format with French plurals', async () => {
    setLocale('fr');
    vi.stubGlobal('fetch', vi.fn(() => answer({ supporters: 95000, groups: 1, events: 0, updatedAt: '2026-01-01T00:00:00Z' })));
    const wrapper = mount(CountersPanel, { global: { plugins: [i18n] } });
    await flushPromises();
    const text = (name: string) => wrapper.get(`[data-counter="${name}"]`).text();
    expect(text('supporters')).toBe('95\u202f000 soutiens');
    expect(text('groups')).toBe("1 groupe d\u2019action");
    expect(text('events')).toBe('0 action à venir');
    wrapper.unmount();
  });

  it('asks the server in the page language and shows English labels', async () => {
    setLocale('en');
    const fetchMock = vi.fn(() => answer({ supporters: 2, groups: 0, events: 3, updatedAt: '2026-01-01T00:00:00Z' }));
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mount(CountersPanel, { global: { plugins: [i18n] } });
    await flushPromises();
    expect(wrapper.get('[data-counter="supporters"]').text()).toBe('2 supporters');
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['Accept-Language']).toBe('en');
    wrapper.unmount();
  });

  it('says so when the figures cannot be loaded', async () => {
    setLocale('fr');
    vi.stubGlobal('fetch', vi.fn(() => answer({ title: 'oops' }, 503)));
    const wrapper = mount(CountersPanel, { global: { plugins: [i18n] } });
    await flushPromises();
    expect(wrapper.text()).toContain('momentanément indisponibles');
    wrapper.unmount();
  });
});
