/**
 * Checks WCAG AA contrast of the palette over the worst backgrounds the page can paint: the bare
 * deep-space colour, and the brightest spot where every nebula cloud and a bright star overlap.
 */
import { describe, expect, it } from 'vitest';
import { cosmic, glass, nebula, starAlpha } from './tokens';

type Rgb = readonly [number, number, number];

const hex = (value: string): Rgb => {
  const n = Number.parseInt(value.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const over = (top: Rgb, alpha: number, bottom: Rgb): Rgb =>
  [0, 1, 2].map((i) => top[i]! * alpha + bottom[i]! * (1 - alpha)) as unknown as Rgb;
const luminance = (c: Rgb) => {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: Rgb, b: Rgb) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

const darkest = hex(cosmic.space[950]);
const cloudy = Object.values(nebula).reduce<Rgb>((bg, n) => over(n.rgb as Rgb, n.alpha, bg), darkest);
const brightest = over([255, 255, 255], starAlpha, cloudy);
const panel = (bg: Rgb) => over(glass.fill.rgb as Rgb, glass.fill.alpha, bg);

const bodyText = {
  ink: cosmic.ink.DEFAULT,
  muted: cosmic.ink.muted,
  subtle: cosmic.ink.subtle,
  violet: cosmic.violet[300],
  cyan: cosmic.cyan[300],
  magenta: cosmic.magenta[300],
  ok: cosmic.ok[300],
  warn: cosmic.warn[300],
  danger: cosmic.danger[300],
};

describe('Cosmic palette contrast', () => {
  for (const [name, colour] of Object.entries(bodyText)) {
    it(`${name} text on a glass panel is at least 4.5:1 over the darkest and brightest background`, () => {
      expect(contrast(hex(colour), panel(darkest))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(hex(colour), panel(brightest))).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('page text straight on the nebula (headings, the login card edge) stays readable', () => {
    expect(contrast(hex(cosmic.ink.DEFAULT), cloudy)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(hex(cosmic.ink.muted), cloudy)).toBeGreaterThanOrEqual(4.5);
  });

  it('white labels on filled buttons pass', () => {
    for (const fill of [cosmic.violet[600], cosmic.violet[700], cosmic.danger[700]]) {
      expect(contrast([255, 255, 255], hex(fill))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('the focus ring stands out 3:1 from panels and background', () => {
    expect(contrast(hex(cosmic.cyan[300]), panel(brightest))).toBeGreaterThanOrEqual(3);
    expect(contrast(hex(cosmic.cyan[300]), cloudy)).toBeGreaterThanOrEqual(3);
  });
});
