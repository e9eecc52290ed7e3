/** The signed-in user's menu (a disclosure: button + list), with account settings and Sign out. */
import { A, useNavigate } from '@solidjs/router';
import { createSignal, createUniqueId, onCleanup, Show } from 'solid-js';
import { currentUser, signOut } from '../auth/session';
import { Button } from '../ui/Button';

export function UserMenu() {
  const navigate = useNavigate();
  const [open, setOpen] = createSignal(false);
  const [signingOut, setSigningOut] = createSignal(false);
  const panelId = createUniqueId();
  let root!: HTMLDivElement;
  let toggle!: HTMLButtonElement;

  // Click or focus elsewhere closes the menu; Escape closes it and returns focus to its button.
  const onDocumentClick = (event: Event) => {
    if (open() && !root.contains(event.target as Node)) setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open()) {
      setOpen(false);
      toggle.focus();
    }
  };
  document.addEventListener('mousedown', onDocumentClick);
  document.addEventListener('focusin', onDocumentClick);
  document.addEventListener('keydown', onKeyDown);
  onCleanup(() => {
    document.removeEventListener('mousedown', onDocumentClick);
    document.removeEventListener('focusin', onDocumentClick);
    document.removeEventListener('keydown', onKeyDown);
  });

  const leave = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      setSigningOut(false);
      navigate('/login', { replace: true });
    }
  };

  return (
    <div ref={root} class="relative">
      <button
        ref={toggle}
        type="button"
        class="btn-ghost btn-sm"
        aria-expanded={open()}
        aria-controls={panelId}
        onClick={() => setOpen(!open())}
      >
        <span class="i-ph-user-circle text-lg" aria-hidden="true" />
        <span class="max-w-32 truncate">{currentUser()?.username ?? 'Account'}</span>
        <span class="i-ph-caret-down" aria-hidden="true" />
      </button>
      <Show when={open()}>
        <div
          id={panelId}
          class="glass-panel absolute right-0 top-full z-40 mt-2 flex w-60 flex-col gap-1 bg-space-850 p-2"
        >
          <p class="px-2 py-1.5 text-xs text-ink-muted">
            Signed in as <span class="font-semibold text-ink">{currentUser()?.username}</span>
            <Show when={currentUser()?.role}> ({currentUser()?.role})</Show>
          </p>
          <A
            href="/settings#account"
            class="flex items-center gap-2 rounded-control px-2 py-1.5 text-sm text-ink hover:bg-space-700"
            onClick={() => setOpen(false)}
          >
            <span class="i-ph-gear-six" aria-hidden="true" />
            Account settings
          </A>
          <Button
            icon="i-ph-sign-out"
            class="justify-start border-transparent px-2 py-1.5 font-normal"
            busy={signingOut()}
            onClick={leave}
          >
            Sign out
          </Button>
        </div>
      </Show>
    </div>
  );
}
