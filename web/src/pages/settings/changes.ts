/** Tells the settings page's other sections that something changed, so the audit log shows the new rows. */
import { createSignal } from 'solid-js';

const [version, setVersion] = createSignal(0);

export const settingsVersion = version;
export const settingsChanged = () => setVersion((v) => v + 1);
