import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog';
import { CheckboxField } from './Field';

afterEach(cleanup);

describe('ConfirmDialog', () => {
  it('keeps the confirm button off until the name is typed exactly, and passes the options along', () => {
    const onConfirm = vi.fn();
    const [removeVolume, setRemoveVolume] = createSignal(false);
    render(() => (
      <ConfirmDialog
        open
        title="Delete orders?"
        description="It cannot be undone."
        confirmLabel="Delete database"
        confirmText="orders"
        onConfirm={() => onConfirm(removeVolume())}
        onCancel={() => {}}
      >
        <CheckboxField
          label="Also delete the data volume"
          checked={removeVolume()}
          onChange={setRemoveVolume}
        />
      </ConfirmDialog>
    ));
    const button = screen.getByRole('button', { name: 'Delete database' }) as HTMLButtonElement;
    const input = screen.getByLabelText(/Type orders to confirm/);
    expect(document.activeElement).toBe(input);
    expect(button.disabled).toBe(true);

    fireEvent.input(input, { target: { value: 'Orders' } });
    expect(button.disabled).toBe(true);
    // Enter in the box must not get round the check either.
    fireEvent.submit(input.closest('form')!);
    expect(onConfirm).not.toHaveBeenCalled();

    fireEvent.input(input, { target: { value: 'orders' } });
    fireEvent.click(screen.getByLabelText('Also delete the data volume'));
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    expect(onConfirm).toHaveBeenCalledWith(true);
  });

  it('starts empty again when reopened for another item', () => {
    const [name, setName] = createSignal<string | undefined>('alpha');
    render(() => (
      <ConfirmDialog
        open={name() !== undefined}
        title="Delete?"
        description="Gone for good."
        confirmLabel="Delete"
        confirmText={name()}
        onConfirm={() => {}}
        onCancel={() => setName(undefined)}
      />
    ));
    fireEvent.input(screen.getByLabelText(/Type alpha/), { target: { value: 'alpha' } });
    setName('beta');
    expect((screen.getByLabelText(/Type beta/) as HTMLInputElement).value).toBe('');
    expect((screen.getByRole('button', { name: 'Delete' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('without a name to type, focuses Cancel first and confirms on click', () => {
    const onConfirm = vi.fn();
    render(() => (
      <ConfirmDialog
        open
        title="Revoke?"
        description="Stops working now."
        confirmLabel="Revoke key"
        onConfirm={onConfirm}
        onCancel={() => {}}
      />
    ));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Revoke key' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});
