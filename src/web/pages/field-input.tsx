// One input per field of the model's table (model/fields.ts): a choice is a select of its values, a
// name a text box. The new-ticket form and the sidebar's field editor both draw fields with it, so a
// field added to the table appears on the pages without a page of its own.
import type { FC } from 'hono/jsx';
import { choicesOf, initialOf, TICKET_FIELDS, type TicketField } from '../../model/fields.js';
import { Select } from '../ui.js';

export const FieldInput: FC<{ field: TicketField; value?: string | null; small?: boolean; placeholder?: string }> = ({
  field,
  value,
  small,
  placeholder,
}) => {
  const values = choicesOf(field);
  const { label } = TICKET_FIELDS[field];
  const id = `field-${field}`;
  return (
    <label for={id}>
      {label}{' '}
      {values ? (
        <Select small={small} id={id} name={field} values={values} selected={value ?? initialOf(field)} />
      ) : (
        <input
          class={`form-control width-full${small ? ' input-sm' : ''}`}
          id={id}
          name={field}
          value={value ?? ''}
          placeholder={placeholder}
        />
      )}
    </label>
  );
};
