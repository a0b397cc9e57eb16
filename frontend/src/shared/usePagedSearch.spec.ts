import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { i18n } from '@/app/i18n';
import { ApiError } from './http';
import { usePagedSearch, type Paged } from './usePagedSearch';

/** Mounts a component that only holds the composable, and hands the composable back. */
function withSearch<T>(fetchPage: (page: number) => Promise<Paged<T>>, refused?: (e: ApiError) => boolean) {
  let search!: ReturnType<typeof usePagedSearch<T>>;
  mount(defineComponent({ setup() { search = usePagedSearch(fetchPage, { refused }); return () => h('div'); } }), { global: { plugins: [i18n] } });
  return search;
}

describe('usePagedSearch', () => {
  it('replaces with the first page and appends the next ones', async () => {
    const s = withSearch((page) => Promise.resolve({ items: [`p${page}a`, `p${page}b`], total: 4, totalCapped: false }));
    await s.search();
    expect(s.items.value).toEqual(['p1a', 'p1b']);
    await s.more();
    expect(s.items.value).toEqual(['p1a', 'p1b', 'p2a', 'p2b']);
    await s.search();
    expect(s.items.value).toEqual(['p1a', 'p1b']);
    expect(s.page.value).toBe(1);
  });

  it('shows only the latest search when an earlier one answers late', async () => {
    const answers: ((p: Paged<string>) => void)[] = [];
    const s = withSearch(() => new Promise<Paged<string>>((resolve) => answers.push(resolve)));
    const first = s.search();
    const second = s.search();
    answers[1]({ items: ['asked last'], total: 1, totalCapped: false });
    answers[0]({ items: ['asked first'], total: 1, totalCapped: false });
    await Promise.all([first, second]);
    await flushPromises();
    expect(s.items.value).toEqual(['asked last']);
    expect(s.loading.value).toBe(false);
  });

  it('clears the results on a refusal the page shows by its field, and says any other error', async () => {
    let fail: ApiError | null = null;
    const s = withSearch(
      () => (fail ? Promise.reject(fail) : Promise.resolve({ items: ['x'], total: 1, totalCapped: false })),
      (e) => Boolean(e.fieldErrors.near),
    );
    await s.search();
    fail = new ApiError(400, 'Bad Request', undefined, { near: 'Lieu inconnu' });
    await s.search();
    expect(s.items.value).toEqual([]);
    expect(s.total.value).toBe(0);
    expect(s.error.value).toBe('');
    fail = new ApiError(503, 'Service Unavailable', 'Réessayez dans un instant.', {});
    await s.search();
    expect(s.error.value).toBe('Réessayez dans un instant.');
  });
});
