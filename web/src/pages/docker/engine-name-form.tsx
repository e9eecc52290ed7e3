/**
 * The form of the dialogs that name a container, volume or network: an API form whose name field
 * checks Docker's naming rule as the user types, before the API checks it again.
 */
import { createSignal } from 'solid-js';
import { type ApiFormOptions, createApiForm } from '../../ui/ApiForm';
import { Field, type FieldProps } from '../../ui/Field';
import { engineNameHint, engineNameProblem } from './names';

export function createEngineNameForm(options: ApiFormOptions) {
  const form = createApiForm(options);
  const [name, setName] = createSignal('');
  const nameError = () => form.fieldError('name', engineNameProblem(name().trim()));

  // 128 is the longest name the rule accepts.
  const NameField = (props: Omit<FieldProps, 'value' | 'error' | 'onInput'>) => (
    <Field
      data-autofocus
      required
      maxLength={128}
      hint={engineNameHint}
      {...props}
      value={name()}
      error={nameError()}
      onInput={(event) => setName(event.currentTarget.value)}
    />
  );

  return {
    ...form,
    /** The name as it is sent: without the spaces around it. */
    name: () => name().trim(),
    setName,
    nameError,
    NameField,
    /** Empties the name too, for a form opened afresh. */
    reset: () => {
      setName('');
      form.reset();
    },
  };
}
