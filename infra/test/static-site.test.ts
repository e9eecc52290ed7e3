// @vitest-environment jsdom
/**
 * The personal site in static/ (scarletredjoker.com), checked as shipped, without a build step:
 * its pages parse, are accessible in structure, keep every script and style in files (so the
 * `default-src 'self'` policy Caddy sends does not break them), link only to files that exist, meet
 * WCAG AA contrast in both colour schemes, and stay small.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { beforeAll, describe, expect, it } from 'vitest';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const staticDir = join(dirname(fileURLToPath(import.meta.url)), '../../static');
const pages = ['index.html', '404.html'];

function elements(node: Node): Element[] {
  const children = 'childNodes' in node ? node.childNodes : [];
  const own = 'tagName' in node ? [node as Element] : [];
  const content = 'content' in node && node.content ? elements(node.content) : [];
  return [...own, ...children.flatMap(elements), ...content];
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const byTag = (doc: Element[], tag: string) => doc.filter((el) => el.tagName === tag);
const meta = (doc: Element[], key: 'name' | 'property', value: string) =>
  attr(
    byTag(doc, 'meta').find((el) => attr(el, key) === value) ?? ({ attrs: [] } as unknown as Element),
    'content',
  );
const text = (node: Node): string =>
  'value' in node && node.nodeName === '#text'
    ? node.value
    : 'childNodes' in node
      ? node.childNodes.map(text).join('')
      : '';

const parsed = new Map<string, { errors: string[]; doc: Element[] }>();

beforeAll(async () => {
  for (const page of pages) {
    const html = await readFile(join(staticDir, page), 'utf8');
    const errors: string[] = [];
    const document = parse(html, {
      onParseError: (error) => errors.push(`${error.code} at line ${error.startLine}`),
    });
    parsed.set(page, { errors, doc: elements(document as unknown as Node) });
  }
});

describe.each(pages)('static/%s', (page) => {
  const doc = () => parsed.get(page)!.doc;

  it('parses as HTML without errors', () => {
    expect(parsed.get(page)!.errors).toEqual([]);
  });

  it('declares its language, title, description and a mobile viewport', () => {
    expect(attr(byTag(doc(), 'html')[0]!, 'lang')).toBe('en');
    expect(text(byTag(doc(), 'title')[0]!).trim().length).toBeGreaterThan(0);
    expect(meta(doc(), 'name', 'description')?.length).toBeGreaterThan(20);
    expect(meta(doc(), 'name', 'viewport')).toContain('width=device-width');
    expect(byTag(doc(), 'meta').some((el) => attr(el, 'charset')?.toLowerCase() === 'utf-8')).toBe(true);
  });

  it('has one h1, landmarks, and a skip link as its first link to the main content', () => {
    expect(byTag(doc(), 'h1')).toHaveLength(1);
    for (const landmark of ['header', 'main', 'footer'])
      expect(byTag(doc(), landmark), landmark).toHaveLength(1);
    const main = byTag(doc(), 'main')[0]!;
    const firstLink = byTag(doc(), 'a')[0]!;
    expect(attr(firstLink, 'href')).toBe(`#${attr(main, 'id')}`);
    expect(text(firstLink)).toMatch(/skip/i);
  });

  it('gives every image an alt text (empty only beside a visible name)', () => {
    for (const img of byTag(doc(), 'img')) {
      expect(attr(img, 'alt'), attr(img, 'src')).toBeDefined();
      expect(attr(img, 'width')).toBeDefined();
      expect(attr(img, 'height')).toBeDefined();
    }
  });

  it("keeps scripts and styles in files, so Caddy's default-src 'self' policy allows them", () => {
    for (const script of byTag(doc(), 'script')) {
      expect(attr(script, 'src')).toMatch(/^\/[\w.-]+\.js$/);
      expect(text(script).trim()).toBe('');
    }
    expect(byTag(doc(), 'style')).toEqual([]);
    for (const el of doc()) {
      for (const { name, value } of el.attrs) {
        expect(name, `${el.tagName}[${name}]`).not.toBe('style');
        expect(name, `${el.tagName}[${name}]`).not.toMatch(/^on/);
        expect(value.trim().toLowerCase(), `${el.tagName}[${name}]`).not.toMatch(/^javascript:/);
      }
    }
  });

  it('links only to files that exist in static/ and to ids on the page', async () => {
    const ids = new Set(
      doc()
        .map((el) => attr(el, 'id'))
        .filter(Boolean),
    );
    const refs = doc().flatMap((el) =>
      ['href', 'src'].map((name) => attr(el, name)).filter((v): v is string => !!v),
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      if (/^(https:|mailto:)/.test(ref)) continue;
      expect(ref, 'only https links leave the site').not.toMatch(/^[a-z]+:/i);
      if (ref.startsWith('#')) {
        expect(ids.has(ref.slice(1)), ref).toBe(true);
        continue;
      }
      const path = ref.split(/[?#]/)[0]!;
      const file = path === '/' ? 'index.html' : path.replace(/^\//, '');
      expect((await stat(join(staticDir, file))).isFile(), ref).toBe(true);
    }
  });

  it('nests headings without skipping a level', () => {
    const levels = doc()
      .filter((el) => /^h[1-6]$/.test(el.tagName))
      .map((el) => Number(el.tagName[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
  });
});

describe('static/index.html', () => {
  const doc = () => parsed.get('index.html')!.doc;

  it('has the sections a visitor looks for: about, projects, streams and contact', () => {
    for (const id of ['about', 'projects', 'streams', 'contact']) {
      const section = doc().find((el) => attr(el, 'id') === id);
      expect(section?.tagName, id).toBe('section');
      expect(attr(section!, 'aria-labelledby'), id).toBeDefined();
    }
    expect(byTag(doc(), 'nav').every((nav) => attr(nav, 'aria-label'))).toBe(true);
  });

  it('shares well: Open Graph title, description, URL, image and type', () => {
    for (const property of ['og:title', 'og:description', 'og:url', 'og:image', 'og:type']) {
      expect(meta(doc(), 'property', property), property).toBeTruthy();
    }
    expect(meta(doc(), 'property', 'og:url')).toBe('https://scarletredjoker.com/');
  });

  it('links to Twitch, Kick, YouTube and Discord', () => {
    const hrefs = byTag(doc(), 'a').map((a) => attr(a, 'href') ?? '');
    for (const host of ['twitch.tv', 'kick.com', 'youtube.com', 'discord.com']) {
      expect(
        hrefs.some((href) => new URL(href, 'https://scarletredjoker.com').hostname.endsWith(host)),
        host,
      ).toBe(true);
    }
  });

  it('works without JavaScript: every project shows and the filter stays hidden until main.js runs', () => {
    const cards = doc().filter((el) => attr(el, 'class')?.split(' ').includes('card'));
    expect(cards.length).toBeGreaterThanOrEqual(3);
    for (const card of cards) expect(attr(card, 'hidden')).toBeUndefined();
    const filter = doc().find((el) => attr(el, 'class') === 'filter')!;
    expect(attr(filter, 'hidden')).toBeDefined();
    for (const button of byTag([filter, ...elements(filter)], 'button'))
      expect(attr(button, 'type')).toBe('button');
    expect(byTag(doc(), 'script').every((s) => attr(s, 'defer') !== undefined)).toBe(true);
  });
});

describe('static/main.js', () => {
  // main.js runs as the browser would run it: a classic script against the page's document.
  async function load(prepare: (page: Document) => void = () => {}) {
    const html = await readFile(join(staticDir, 'index.html'), 'utf8');
    document.open();
    document.write(html);
    document.close();
    prepare(document);
    new Function(await readFile(join(staticDir, 'main.js'), 'utf8'))();
    return document;
  }

  it('shows the filter and narrows the projects to the chosen tag, announcing the count', async () => {
    const document = await load();
    const filter = document.querySelector<HTMLElement>('.filter')!;
    expect(filter.hidden).toBe(false);
    document.querySelector<HTMLButtonElement>('button[data-filter="community"]')!.click();
    const visible = Array.from(document.querySelectorAll<HTMLElement>('.card')).filter(
      (card) => !card.hidden,
    );
    expect(visible.map((card) => card.querySelector('h3')?.textContent)).toEqual(['The Discord bot']);
    expect(document.querySelector('button[data-filter="community"]')!.getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(document.querySelector('button[data-filter="all"]')!.getAttribute('aria-pressed')).toBe('false');
    expect(document.querySelector('.filter-status')!.textContent).toBe('Showing 1 of 3 projects');

    document.querySelector<HTMLButtonElement>('button[data-filter="all"]')!.click();
    expect(Array.from(document.querySelectorAll<HTMLElement>('.card')).every((card) => !card.hidden)).toBe(
      true,
    );
  });

  it('puts the current year in the footer', async () => {
    // The page ships a fixed year; main.js replaces it with the visitor's current one.
    const document = await load((page) => {
      page.getElementById('year')!.textContent = '1999';
    });
    expect(document.getElementById('year')!.textContent).toBe(String(new Date().getFullYear()));
  });
});

describe('static/styles.css', () => {
  let css: string;
  beforeAll(async () => {
    css = await readFile(join(staticDir, 'styles.css'), 'utf8');
  });

  it('follows the visitor’s colour scheme, and moves only when motion is welcome', () => {
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)/);
    const motionBlock = /@media \(prefers-reduced-motion: no-preference\) \{[^}]*\{[^}]*\}\s*\}/.exec(
      css,
    )?.[0];
    expect(motionBlock).toContain('scroll-behavior: smooth');
    const elsewhere = css.replace(motionBlock!, '');
    expect(elsewhere).not.toMatch(/scroll-behavior:\s*smooth|animation|transition/);
  });

  function tokens(block: string) {
    return Object.fromEntries(
      [...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!]),
    );
  }
  function luminance(hex: string) {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  }
  function contrast(a: string, b: string) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  }

  it.each(['light', 'dark'])('meets WCAG AA text contrast in the %s scheme', (scheme) => {
    const light = tokens(/:root \{[^}]*\}/.exec(css)![0]);
    const darkBlock = /@media \(prefers-color-scheme: dark\) \{\s*:root \{[^}]*\}/.exec(css)![0];
    const colours = scheme === 'light' ? light : { ...light, ...tokens(darkBlock) };
    const pairs: [string, string][] = [
      ['fg', 'bg'],
      ['fg', 'surface'],
      ['fg', 'alt'],
      ['muted', 'bg'],
      ['muted', 'surface'],
      ['muted', 'alt'],
      ['accent', 'bg'],
      ['accent', 'surface'],
      ['accent', 'alt'],
      ['on-accent', 'accent'],
    ];
    for (const [fg, bg] of pairs) {
      expect(colours[fg], fg).toBeDefined();
      expect(colours[bg], bg).toBeDefined();
      expect(contrast(colours[fg]!, colours[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('static/', () => {
  it('ships robots.txt, an SVG favicon and a 404 page', async () => {
    expect(await readFile(join(staticDir, 'robots.txt'), 'utf8')).toMatch(/^User-agent: \*/m);
    expect(await readFile(join(staticDir, 'favicon.svg'), 'utf8')).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
    );
    expect((await stat(join(staticDir, '404.html'))).isFile()).toBe(true);
  });

  it('weighs under 50 KB in all, images aside', async () => {
    const files = await readdir(staticDir, { recursive: true, withFileTypes: true });
    let total = 0;
    for (const file of files) {
      if (!file.isFile() || /\.(png|jpe?g|webp|avif|gif)$/i.test(file.name)) continue;
      total += (await stat(join(file.parentPath, file.name))).size;
    }
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(50 * 1024);
  });
});
