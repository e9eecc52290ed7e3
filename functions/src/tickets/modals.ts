/**
 * The modals tickets use (a category's form, the close reason, the survey comment) and reading
 * their answers back, whether Discord wraps inputs in labels or in (older) action rows.
 */
import type { TicketFormField } from '@homelab/db/schema';
import {
  type APIInteractionResponse,
  type APILabelComponent,
  type APIModalSubmission,
  ComponentType,
  InteractionResponseType,
  TextInputStyle,
} from 'discord-api-types/v10';
import { clip } from './messages';

function input(
  id: string,
  label: string,
  options: {
    paragraph?: boolean;
    required?: boolean;
    placeholder?: string;
    value?: string;
    min?: number;
    max?: number;
  },
): APILabelComponent {
  return {
    type: ComponentType.Label,
    label: clip(label, 45),
    component: {
      type: ComponentType.TextInput,
      custom_id: id,
      style: options.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
      required: options.required ?? false,
      placeholder: options.placeholder ? clip(options.placeholder, 100) : undefined,
      value: options.value ? clip(options.value, options.max ?? 4000) : undefined,
      min_length: options.min,
      max_length: options.max,
    },
  };
}

/** The category's form; with room left (Discord allows five inputs), a subject field first. */
export function ticketFormModal(
  categoryId: string,
  categoryName: string,
  form: TicketFormField[],
  subject?: string | null,
): APIInteractionResponse {
  const fields = form.slice(0, 5).map((f) =>
    input(`f_${f.id}`, f.label, {
      paragraph: f.style === 'paragraph',
      required: f.required,
      placeholder: f.placeholder,
      min: f.minLength,
      max: f.maxLength ?? (f.style === 'paragraph' ? 1024 : 200),
    }),
  );
  const components =
    fields.length < 5
      ? [input('subject', 'Subject', { required: false, value: subject ?? undefined, max: 100 }), ...fields]
      : fields;
  return {
    type: InteractionResponseType.Modal,
    data: {
      custom_id: `ticketform:${categoryId}`,
      title: clip(`Open a ticket: ${categoryName}`, 45),
      components,
    },
  };
}

export function closeReasonModal(ticketId: string, number: number): APIInteractionResponse {
  return {
    type: InteractionResponseType.Modal,
    data: {
      custom_id: `ticketclose:${ticketId}`,
      title: clip(`Close ticket #${number}`, 45),
      components: [input('reason', 'Reason (optional)', { paragraph: true, max: 500 })],
    },
  };
}

export function surveyCommentModal(guildId: string, ticketId: string, stars: number): APIInteractionResponse {
  return {
    type: InteractionResponseType.Modal,
    data: {
      custom_id: `surveycomment:${guildId}:${ticketId}:${stars}`,
      title: `Thanks for rating ${stars}/5`,
      components: [input('comment', 'Anything to add? (optional)', { paragraph: true, max: 1000 })],
    },
  };
}

/** Text values by input custom_id. */
export function modalValues(data: APIModalSubmission): Record<string, string> {
  const values: Record<string, string> = {};
  for (const row of data.components) {
    const inner =
      row.type === ComponentType.Label
        ? [row.component]
        : row.type === ComponentType.ActionRow
          ? row.components
          : [];
    for (const component of inner) {
      if (component.type === ComponentType.TextInput) values[component.custom_id] = component.value;
    }
  }
  return values;
}

/** Form answers keyed by the field's label, as tickets store them. */
export function formAnswers(form: TicketFormField[], values: Record<string, string>): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const field of form) {
    const value = values[`f_${field.id}`]?.trim();
    if (value) answers[field.label] = value;
  }
  return answers;
}
