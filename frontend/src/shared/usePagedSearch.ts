import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from './http';

/** A page of a search as the API answers it (groups, actions). */
export interface Paged<T> {
  items: T[];
  total: number;
  totalCapped: boolean;
}

/**
 * A list searched page by page (the groups, the actions): the first page replaces the results,
 * "more" appends the next one, and only the latest search shows — an earlier one answering late
 * (the supporter's own area, looked up when their session arrives) never replaces what was asked
 * meanwhile. `refused` may take a refusal for a field the page shows next to its input (a place
 * not found, dates out of range): the results are cleared, since they were not those of this
 * search; any other error is the list's message. Call it in a component's setup.
 */
export function usePagedSearch<T>(
  fetchPage: (page: number) => Promise<Paged<T>>,
  options: { onStart?: () => void; refused?: (e: ApiError) => boolean } = {},
) {
  const { t } = useI18n();
  const items = ref([]) as Ref<T[]>;
  const total = ref(0);
  const capped = ref(false);
  const page = ref(1);
  const loading = ref(false);
  const error = ref('');
  let latest = 0;

  function clear() {
    total.value = 0;
    capped.value = false;
    items.value = [];
  }

  async function search(reset = true) {
    const mine = ++latest;
    error.value = '';
    options.onStart?.();
    loading.value = true;
    if (reset) page.value = 1;
    try {
      const result = await fetchPage(page.value);
      if (mine !== latest) return;
      items.value = reset ? result.items : [...items.value, ...result.items];
      total.value = result.total;
      capped.value = result.totalCapped;
    } catch (e) {
      if (mine !== latest) return;
      if (e instanceof ApiError && options.refused?.(e)) clear();
      else error.value = e instanceof ApiError ? e.message : t('errors.unexpected');
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  function more() {
    page.value += 1;
    return search(false);
  }

  return { items, total, capped, page, loading, error, search, more, clear };
}
