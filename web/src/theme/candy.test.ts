/**
 * WCAG AA for the studio's Candy theme: every text colour the pages use, as remapped by
 * candyTheme, against white glass over the plain cream and over the spot where every sugar cloud
 * overlaps; button labels on both gradient stops; the focus ring and input borders at 3:1.
 */
import { describe, expect, it } from 'vitest';
import { candyVariables } from './candy';
import { contrast, hex, over, type Rgb } from './contrast';
import { candyTheme } from './tokens';

const c = candyTheme.colors;
const cream = hex(c.space[950]);
const clouded = Object.values(candyTheme.clouds).reduce<Rgb>((bg, cl) => over(cl.rgb, cl.alpha, bg), cream);
// Each cloud alone, too: a single saturated cloud can be darker in one channel than the blend.
const backdrops = [
  cream,
  clouded,
  ...Object.values(candyTheme.clouds).map((cl) => over(cl.rgb, cl.alpha, cream)),
];
const panel = (bg: Rgb) => over(candyTheme.glass.fill.rgb, candyTheme.glass.fill.alpha, bg);
const panels = backdrops.map(panel);
const white: Rgb = [255, 255, 255];

const text = {
  ink: c.ink.DEFAULT,
  'ink-muted': c.ink.muted,
  'ink-subtle': c.ink.subtle,
  'violet-300': c.violet[300],
  'violet-200': c.violet[200],
  'cyan-300': c.cyan[300],
  'magenta-300': c.magenta[300],
  'ok-300': c.ok[300],
  'warn-300': c.warn[300],
  'danger-300': c.danger[300],
};

describe('Candy theme contrast', () => {
  for (const [name, colour] of Object.entries(text)) {
    it(`${name} text on a glass panel is at least 4.5:1 over every backdrop`, () => {
      for (const bg of panels) expect(contrast(hex(colour), bg)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('page text straight on the backdrop (headings, descriptions) is at least 4.5:1', () => {
    for (const bg of backdrops) {
      expect(contrast(hex(c.ink.DEFAULT), bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(hex(c.ink.muted), bg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('badge text on its tinted fill stays at least 4.5:1', () => {
    const badges = [
      [c.ok[300], c.ok[500]],
      [c.warn[300], c.warn[500]],
      [c.danger[300], c.danger[500]],
      [c.cyan[300], c.cyan[500]],
    ] as const;
    for (const [fg, fill] of badges)
      for (const bg of panels)
        expect(contrast(hex(fg), over(hex(fill), 0.15, bg))).toBeGreaterThanOrEqual(4.5);
  });

  it('white labels on filled buttons and the gradient stops pass', () => {
    const fills = [
      candyTheme.button.from,
      candyTheme.button.to,
      c.violet[600],
      c.violet[700],
      c.danger[700],
      c.ok[700],
    ];
    for (const fill of fills) expect(contrast(white, hex(fill))).toBeGreaterThanOrEqual(4.5);
  });

  it('the focus ring and input borders stand out 3:1 from what they sit on', () => {
    for (const bg of [...panels, ...backdrops])
      expect(contrast(hex(candyTheme.focus), bg)).toBeGreaterThanOrEqual(3);
    expect(contrast(hex(c.space[500]), hex(c.space[900]))).toBeGreaterThanOrEqual(3);
  });

  it('sets the variables UnoCSS paints with, for every remapped colour', () => {
    const vars = candyVariables();
    expect(vars['--colors-ink-DEFAULT']).toBe(c.ink.DEFAULT);
    expect(vars['--colors-space-900']).toBe(c.space[900]);
    expect(vars['--colors-violet-300']).toBe(c.violet[300]);
    expect(vars['--colors-glass-DEFAULT']).toBe('rgba(255, 255, 255, 0.74)');
    expect(vars['--candy-backdrop']).toContain('radial-gradient');
  });
});
