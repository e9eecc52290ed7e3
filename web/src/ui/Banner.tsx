/** A full-width notice above the page (a dependency is down, a token to copy); danger and warn are announced. */
import type { JSX } from 'solid-js';

export type BannerTone = 'danger' | 'warn' | 'info' | 'ok';

const styles: Record<BannerTone, { box: string; icon: string }> = {
  danger: { box: 'border-danger-400/50 bg-danger-500/15', icon: 'i-ph-warning-octagon text-danger-300' },
  warn: { box: 'border-warn-400/50 bg-warn-500/15', icon: 'i-ph-warning text-warn-300' },
  info: { box: 'border-cyan-400/50 bg-cyan-500/15', icon: 'i-ph-info text-cyan-300' },
  ok: { box: 'border-ok-400/50 bg-ok-500/15', icon: 'i-ph-check-circle text-ok-300' },
};

export function Banner(props: {
  tone?: BannerTone;
  title: string;
  children?: JSX.Element;
  action?: JSX.Element;
}) {
  const style = () => styles[props.tone ?? 'info'];
  // The tint sits on an opaque base so text contrast does not depend on what scrolls beneath.
  return (
    <div
      role={props.tone === 'danger' || props.tone === 'warn' ? 'alert' : 'status'}
      class="overflow-hidden rounded-control bg-space-900"
    >
      <div class={`flex items-start gap-3 border rounded-control px-4 py-3 ${style().box}`}>
        <span class={`${style().icon} mt-0.5 shrink-0 text-lg`} aria-hidden="true" />
        <div class="flex-1 text-sm">
          <p class="font-semibold text-ink">{props.title}</p>
          {props.children ? <div class="text-ink-muted">{props.children}</div> : null}
        </div>
        {props.action}
      </div>
    </div>
  );
}
