/** Give or take currency from the studio, with a reason kept in the ledger. */
import { createSignal } from 'solid-js';
import { ApiForm, createApiForm } from '../../../ui/ApiForm';
import { Dialog } from '../../../ui/Dialog';
import { Field } from '../../../ui/Field';
import { toast } from '../../../ui/Toast';
import { type CurrencyViewer, grantCurrency } from '../api';
import { formatAmount } from './labels';
import { wholeIn } from './settings';

export function GrantDialog(props: {
  viewer: CurrencyViewer;
  currency: string;
  onClose: () => void;
  onGranted: (balance: number) => void;
}) {
  const form = createApiForm({ failure: 'Could not change the balance.', fields: ['amount', 'reason'] });
  const [amount, setAmount] = createSignal('');
  const [reason, setReason] = createSignal('');
  const local = () => {
    const n = wholeIn(amount(), -1_000_000_000, 1_000_000_000);
    return {
      amount: n === null || n === 0 ? 'A whole number other than 0; negative takes' : null,
      reason: reason().trim() ? null : 'Say why, e.g. "won the art contest"',
    };
  };
  const submit = form.handleSubmit(
    async () => {
      const result = await grantCurrency(props.viewer.id, Number(amount()), reason().trim());
      toast(`${props.viewer.displayName} now has ${formatAmount(result.balance)} ${props.currency}`);
      props.onGranted(result.balance);
      props.onClose();
    },
    { invalid: () => Object.values(local()).some(Boolean) },
  );
  return (
    <Dialog
      open={true}
      title={`Give or take ${props.currency}: ${props.viewer.displayName}`}
      description={`Balance now: ${formatAmount(props.viewer.balance)} ${props.currency}. A balance never goes below 0.`}
      onClose={props.onClose}
      locked={form.busy()}
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not change the balance"
        submitLabel="Apply"
        submitIcon="i-ph-check"
        onCancel={props.onClose}
      >
        <Field
          label="Amount"
          hint="Positive gives, negative takes (e.g. -50)"
          type="number"
          value={amount()}
          onInput={(e) => setAmount(e.currentTarget.value)}
          error={form.fieldError('amount', local().amount)}
        />
        <Field
          label="Reason"
          hint="Kept in the ledger with your name"
          maxLength={200}
          value={reason()}
          onInput={(e) => setReason(e.currentTarget.value)}
          error={form.fieldError('reason', local().reason)}
        />
      </ApiForm>
    </Dialog>
  );
}
