/**
 * Design tokens for every HomeLabHub surface: the Cosmic palette of mission control and the Candy
 * palette of the stream-bot studio. uno.config.ts builds the theme from these, and the contrast
 * test checks text colours against them, so a tweak here cannot silently break WCAG AA.
 */

/** Mission control: deep-space background, nebula violet / cyan / magenta accents. */
export const cosmic = {
  space: {
    950: '#04050d',
    900: '#080a1a',
    850: '#0c0f24',
    800: '#12152e',
    700: '#1b2040',
    600: '#272d55',
    500: '#3a4170',
    400: '#565f96',
  },
  ink: { DEFAULT: '#eceefa', muted: '#b3b9d6', subtle: '#9ca4c8' },
  violet: { 200: '#ddd6fe', 300: '#c4b5fd', 400: '#a78bfa', 500: '#8b5cf6', 600: '#7c3aed', 700: '#6d28d9' },
  cyan: { 200: '#a5f3fc', 300: '#67e8f9', 400: '#22d3ee', 500: '#06b6d4', 600: '#0891b2', 700: '#0e7490' },
  magenta: { 200: '#f5d0fe', 300: '#f0abfc', 400: '#e879f9', 500: '#d946ef', 600: '#c026d3', 700: '#a21caf' },
  ok: { 300: '#86efac', 400: '#4ade80', 500: '#22c55e', 700: '#15803d' },
  warn: { 300: '#fcd34d', 400: '#fbbf24', 500: '#f59e0b', 700: '#b45309' },
  danger: { 300: '#fca5a5', 400: '#f87171', 500: '#ef4444', 700: '#b91c1c' },
} as const;

/**
 * The glowing clouds painted over `space.950`; alphas are kept low so that even where all three
 * overlap, muted text on a glass panel stays above 4.5:1 (see contrast.test.tsx).
 */
export const nebula = {
  violet: { rgb: [124, 58, 237], alpha: 0.3 },
  cyan: { rgb: [34, 211, 238], alpha: 0.16 },
  magenta: { rgb: [217, 70, 239], alpha: 0.18 },
} as const;

/** Brightest star in the starfield (white at this alpha); stars sit behind every panel. */
export const starAlpha = 0.9;

/** Glass panels: a mostly opaque fill so the background can only shift text contrast a little. */
export const glass = {
  fill: { rgb: [12, 15, 36], alpha: 0.82 },
  edge: 'rgba(255, 255, 255, 0.10)',
} as const;

export const rgba = ({ rgb, alpha }: { rgb: readonly number[]; alpha: number }) =>
  `rgba(${rgb.join(', ')}, ${alpha})`;

/** Stream-bot studio: playful pastels on cream, dark ink for text. */
export const candy = {
  cream: '#fff8f0',
  ink: '#2b1d3a',
  inkMuted: '#5b4a6e',
  bubblegum: '#ff6fb5',
  cotton: '#ffc1e3',
  mint: '#7ee8c4',
  lemon: '#ffe66d',
  sky: '#7cc8ff',
  grape: '#9b6bff',
} as const;

export const radius = { panel: '1rem', control: '0.625rem', pill: '999px' } as const;

export const shadow = {
  panel: '0 10px 40px -12px rgba(0, 0, 0, 0.65), inset 0 1px 0 rgba(255, 255, 255, 0.04)',
  glow: '0 0 0 1px rgba(167, 139, 250, 0.35), 0 8px 30px -8px rgba(124, 58, 237, 0.55)',
} as const;

export const font = {
  sans: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  mono: 'ui-monospace, "JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace',
} as const;

/**
 * The studio's Candy theme: the Cosmic colour names remapped for a light, cream-and-sugar page, so
 * every studio page (written with `text-ink`, `bg-space-*`, `text-violet-300`…) turns Candy when
 * its root carries `theme-candy`. Accent "300" shades are text colours on panels, so here they are
 * the deep versions; the contrast test checks them over the brightest and the most saturated spot.
 */
export const candyTheme = {
  colors: {
    ink: { DEFAULT: candy.ink, muted: '#504062', subtle: '#5e4c72' },
    space: {
      950: candy.cream,
      900: '#fffdfa',
      850: '#fff5fa',
      800: '#fdf0f8',
      700: '#f8e2f1',
      600: '#ecd0e4',
      500: '#94739a',
      400: '#7b5d82',
    },
    violet: {
      200: '#5b21b6',
      300: '#6d28d9',
      400: '#7c3aed',
      500: '#8b5cf6',
      600: '#7c3aed',
      700: '#6d28d9',
    },
    cyan: { 200: '#164e63', 300: '#155e75', 400: '#0891b2', 500: '#06b6d4', 600: '#0891b2', 700: '#0e7490' },
    magenta: {
      200: '#86198f',
      300: '#a21caf',
      400: '#c026d3',
      500: '#d946ef',
      600: '#c026d3',
      700: '#a21caf',
    },
    ok: { 300: '#14532d', 400: '#16a34a', 500: '#22c55e', 700: '#15803d' },
    warn: { 300: '#7c2d12', 400: '#d97706', 500: '#f59e0b', 700: '#b45309' },
    danger: { 300: '#991b1b', 400: '#dc2626', 500: '#ef4444', 700: '#b91c1c' },
  },
  /** Sugar clouds painted over cream (alphas kept low: panels and text sit on top of them). */
  clouds: {
    bubblegum: { rgb: [255, 111, 181], alpha: 0.28 },
    sky: { rgb: [124, 200, 255], alpha: 0.26 },
    mint: { rgb: [126, 232, 196], alpha: 0.24 },
    grape: { rgb: [155, 107, 255], alpha: 0.2 },
  },
  glass: { fill: { rgb: [255, 255, 255], alpha: 0.74 }, edge: 'rgba(155, 107, 255, 0.28)' },
  /** Filled buttons: a candy gradient between two stops, white label on both. */
  button: { from: '#c2185b', to: '#6d28d9' },
  focus: '#7c3aed',
  radius: { panel: '1.5rem', control: '0.875rem' },
  glow: '0 0 0 1px rgba(255, 111, 181, 0.22), 0 14px 40px -18px rgba(155, 107, 255, 0.55)',
} as const;
