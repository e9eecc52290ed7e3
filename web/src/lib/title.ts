/** Sets the document title for the current page, so browser tabs and screen readers say where you are. */
import { createEffect } from 'solid-js';

export function usePageTitle(title: string | (() => string)) {
  createEffect(() => {
    document.title = `${typeof title === 'function' ? title() : title} · HomeLabHub`;
  });
}
