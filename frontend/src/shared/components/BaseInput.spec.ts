import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { i18n, setLocale } from '@/app/i18n';
import BaseInput from './BaseInput.vue';

describe('BaseInput', () => {
  beforeEach(() => setLocale('fr'));

  it('ties its label, hint and error to the input for screen readers', () => {
    const wrapper = mount(BaseInput, {
      props: { label: 'Code postal', hint: '5 chiffres', error: 'Code inconnu', required: true, modelValue: '' },
      global: { plugins: [i18n] },
    });
    const input = wrapper.get('input');
    const label = wrapper.get('label');
    expect(label.attributes('for')).toBe(input.attributes('id'));
    expect(input.attributes('aria-invalid')).toBe('true');
    const described = input.attributes('aria-describedby')!.split(' ');
    expect(described.map((id) => wrapper.get(`[id="${id}"]`).text())).toEqual(['5 chiffres', 'Code inconnu']);
  });

  it('marks optional fields in the label and emits what is typed', async () => {
    const wrapper = mount(BaseInput, { props: { label: 'Téléphone', modelValue: '' }, global: { plugins: [i18n] } });
    expect(wrapper.get('label').text()).toContain('facultatif');
    await wrapper.get('input').setValue('0600000000');
    expect(wrapper.emitted('update:modelValue')![0]).toEqual(['0600000000']);
  });
});
