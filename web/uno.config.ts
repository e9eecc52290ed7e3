/**
 * UnoCSS theme for the web app, built from the tokens in src/theme/tokens.ts, with the few
 * shortcuts every page repeats and Phosphor icons as `i-ph-*` classes (pure CSS, no JS).
 */
import { defineConfig, presetIcons, presetWind4 } from 'unocss';
import { candy, cosmic, font, glass, radius, rgba, shadow } from './src/theme/tokens';

const badge = 'inline-flex items-center gap-1 rounded-pill px-2 py-0.5 text-xs font-medium border';

export default defineConfig({
  presets: [
    presetWind4({ preflights: { reset: true } }),
    presetIcons({ scale: 1.15, extraProperties: { display: 'inline-block', 'vertical-align': 'middle' } }),
  ],
  theme: {
    colors: { ...cosmic, glass: { DEFAULT: rgba(glass.fill), edge: glass.edge }, candy },
    radius,
    shadow,
    font,
  },
  shortcuts: {
    'glass-panel': 'bg-glass border border-glass-edge rounded-panel shadow-panel backdrop-blur-md',
    btn: [
      'inline-flex items-center justify-center gap-2 rounded-control px-4 py-2 text-sm font-medium',
      'transition-colors duration-150 cursor-pointer select-none whitespace-nowrap',
      'disabled:cursor-not-allowed disabled:opacity-70',
    ].join(' '),
    'btn-primary':
      'btn bg-violet-600 text-white shadow-glow hover:bg-violet-700 disabled:hover:bg-violet-600',
    'btn-ghost':
      'btn border border-space-500 bg-transparent text-ink hover:bg-space-700 hover:border-space-400',
    'btn-danger': 'btn bg-danger-700 text-white hover:bg-danger-500/80',
    'btn-sm': 'px-3 py-1.5 text-xs',
    'input-field': [
      'w-full rounded-control border border-space-500 bg-space-900 px-3 py-2 text-ink',
      'placeholder:text-ink-subtle hover:border-space-400',
      'aria-[invalid=true]:border-danger-400',
    ].join(' '),
    badge,
    'badge-ok': 'badge border-ok-400/40 bg-ok-500/15 text-ok-300',
    'badge-warn': 'badge border-warn-400/40 bg-warn-500/15 text-warn-300',
    'badge-danger': 'badge border-danger-400/40 bg-danger-500/15 text-danger-300',
    'badge-info': 'badge border-cyan-400/40 bg-cyan-500/15 text-cyan-300',
    'badge-neutral': 'badge border-space-400/60 bg-space-700/60 text-ink-muted',
  },
});
