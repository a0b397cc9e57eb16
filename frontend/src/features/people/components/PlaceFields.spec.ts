import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { i18n, setLocale } from '@/app/i18n';
import PlaceFields from './PlaceFields.vue';

function answer(body: unknown, status = 200) {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

describe('PlaceFields', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks which commune when a postal code serves several, biggest first', async () => {
    setLocale('fr');
    const fetchMock = vi.fn(() => answer([
      { inseeCode: '01053', name: 'Bourg-en-Bresse', departement: '01' },
      { inseeCode: '01344', name: 'Saint-Denis-lès-Bourg', departement: '01' },
    ]));
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mount(PlaceFields, {
      props: { postalCode: '', inseeCode: '', 'onUpdate:inseeCode': (v: string) => wrapper.setProps({ inseeCode: v }) },
      global: { plugins: [i18n] },
    });
    expect(wrapper.find('select').exists()).toBe(false);
    await wrapper.setProps({ postalCode: '01000' });
    await flushPromises();
    expect(fetchMock).toHaveBeenCalledWith('/api/geo/postal-codes/01000', expect.anything());
    const options = wrapper.findAll('option').map((o) => o.text());
    expect(options).toEqual(['Bourg-en-Bresse', 'Saint-Denis-lès-Bourg']);
    expect(wrapper.props('inseeCode')).toBe('01053');
    expect(wrapper.get('label[for="' + wrapper.get('select').attributes('id') + '"]').text()).toBe('Commune');
  });

  it('shows no choice for a code with one commune, and asks nothing for an incomplete code', async () => {
    const fetchMock = vi.fn(() => answer([{ inseeCode: '13201', name: 'Marseille 1er Arrondissement', departement: '13' }]));
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mount(PlaceFields, { props: { postalCode: '130' }, global: { plugins: [i18n] } });
    await flushPromises();
    expect(fetchMock).not.toHaveBeenCalled();
    await wrapper.setProps({ postalCode: '13001' });
    await flushPromises();
    expect(wrapper.find('select').exists()).toBe(false);
  });
});
