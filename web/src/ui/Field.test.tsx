import { cleanup, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { Field, SelectField } from './Field';

afterEach(cleanup);

describe('Field', () => {
  it('is labelled and not marked invalid without an error', () => {
    render(() => <Field label="Username" hint="Letters and digits." />);
    const input = screen.getByLabelText('Username');
    expect(input.getAttribute('aria-invalid')).toBeNull();
    const describedBy = input.getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy)?.textContent).toBe('Letters and digits.');
  });

  it('shows the error, sets aria-invalid and points aria-describedby at the error text', () => {
    const [error, setError] = createSignal<string | undefined>();
    render(() => <Field label="Password" hint="At least 12 characters." error={error()} />);
    const input = screen.getByLabelText('Password');

    setError('Use at least 12 characters.');

    expect(input.getAttribute('aria-invalid')).toBe('true');
    const described = input
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(['At least 12 characters.', 'Use at least 12 characters.']);
    expect(screen.getByText('Use at least 12 characters.')).toBeTruthy();

    setError(undefined);
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByText('Use at least 12 characters.')).toBeNull();
  });
});

describe('SelectField', () => {
  it('shows the saved value when its options arrive after it', () => {
    const [options, setOptions] = createSignal([{ value: '', label: 'Nowhere' }]);
    render(() => <SelectField label="Channel" value="42" options={options()} onChange={() => {}} />);
    const select = screen.getByLabelText('Channel') as HTMLSelectElement;

    setOptions([
      { value: '', label: 'Nowhere' },
      { value: '7', label: '#general' },
      { value: '42', label: '#going-live' },
    ]);

    expect(select.value).toBe('42');
  });
});
