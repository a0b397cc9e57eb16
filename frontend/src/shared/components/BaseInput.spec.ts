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

  it('drops a stale error once the field is changed, and shows the next one', async () => {
    const wrapper = mount(BaseInput, {
      props: { label: 'Code postal', error: 'Code inconnu', modelValue: '9999', 'onUpdate:modelValue': (v: string) => wrapper.setProps({ modelValue: v }) },
      global: { plugins: [i18n] },
    });
    expect(wrapper.text()).toContain('Code inconnu');
    await wrapper.get('input').setValue('99990');
    expect(wrapper.text()).not.toContain('Code inconnu');
    expect(wrapper.get('input').attributes('aria-invalid')).toBeUndefined();
    await wrapper.setProps({ error: undefined }); // the next submit clears the errors…
    await wrapper.setProps({ error: 'Code inconnu' }); // …and the server refuses again
    expect(wrapper.text()).toContain('Code inconnu');
  });
});
