/**
 * The Candy theme as CSS custom properties for the studio's root element: UnoCSS (presetWind4)
 * paints every colour, radius and the glass through `var(--colors-…)`, so redefining them on one
 * element re-themes everything under it, built from tokens.ts so the contrast test sees what is painted.
 */
import { candyTheme, rgba } from './tokens';

type Palette = Record<string, Record<string | number, string>>;

export function candyVariables(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, shades] of Object.entries(candyTheme.colors as Palette))
    for (const [shade, value] of Object.entries(shades)) vars[`--colors-${name}-${shade}`] = value;
  vars['--colors-glass-DEFAULT'] = rgba(candyTheme.glass.fill);
  vars['--colors-glass-edge'] = candyTheme.glass.edge;
  vars['--radius-panel'] = candyTheme.radius.panel;
  vars['--radius-control'] = candyTheme.radius.control;
  vars['--candy-glow'] = candyTheme.glow;
  vars['--candy-focus'] = candyTheme.focus;
  vars['--candy-button-from'] = candyTheme.button.from;
  vars['--candy-button-to'] = candyTheme.button.to;
  const [bubblegum, sky, mint, grape] = Object.values(candyTheme.clouds).map(rgba);
  vars['--candy-backdrop'] = [
    `radial-gradient(55% 45% at 8% 6%, ${bubblegum}, transparent 70%)`,
    `radial-gradient(50% 45% at 92% 12%, ${sky}, transparent 70%)`,
    `radial-gradient(55% 50% at 80% 95%, ${mint}, transparent 70%)`,
    `radial-gradient(45% 40% at 20% 85%, ${grape}, transparent 70%)`,
  ].join(', ');
  return vars;
}
