/** The centred card that frames the sign-in and first-run pages, with the brand above it. */
import type { JSX } from 'solid-js';

export function AuthCard(props: { title: string; subtitle: string; children: JSX.Element }) {
  return (
    <main id="main" class="grid min-h-screen place-items-center px-4 py-10">
      <div class="flex w-full max-w-sm flex-col gap-6">
        <div class="flex flex-col items-center gap-2 text-center">
          <span class="i-ph-planet text-5xl text-violet-300" aria-hidden="true" />
          <p class="text-sm font-semibold uppercase tracking-widest text-ink-muted">HomeLabHub</p>
        </div>
        <section class="glass-panel flex flex-col gap-5 p-6" aria-labelledby="auth-title">
          <div class="flex flex-col gap-1">
            <h1 id="auth-title" class="text-xl font-semibold text-ink">
              {props.title}
            </h1>
            <p class="text-sm text-ink-muted">{props.subtitle}</p>
          </div>
          {props.children}
        </section>
      </div>
    </main>
  );
}
