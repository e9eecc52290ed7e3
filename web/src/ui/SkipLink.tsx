/**
 * "Skip to content", the first stop of the keyboard on every layout. Focus moves explicitly: the
 * router handles "#main" as navigation and would leave focus behind.
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      on:click={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}
      class="fixed left-4 top-4 z-100 -translate-y-24 rounded-control bg-violet-700 px-4 py-2 text-white focus:translate-y-0"
    >
      Skip to content
    </a>
  );
}
