import { describe, expect, it, vi } from 'vitest';
import { parseTemplate, type RenderOptions, renderTemplate, type VariableContext } from './index';

type Lookup = VariableContext['lookup'];

function context(overrides: Partial<VariableContext> = {}): VariableContext {
  return {
    user: 'alice',
    args: [],
    timezone: 'Europe/Berlin',
    // 12:05 UTC, 14:05 in Berlin (summer time).
    now: new Date('2024-07-01T12:05:00Z'),
    lookup: async (name, args) => `<${[name, ...args].join(' ')}>`,
    ...overrides,
  };
}

async function render(source: string, ctx: Partial<VariableContext> = {}, options?: RenderOptions) {
  const parsed = parseTemplate(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return renderTemplate(parsed.template, context(ctx), options);
}

describe('renderTemplate: pure variables', () => {
  it('inserts the caller', async () => {
    expect(await render('Hi $(user)!')).toBe('Hi alice!');
  });

  it('inserts positional words, with or without a fallback', async () => {
    const args = ['one', 'two'];
    expect(await render('$(1) $(2) [$(3)]', { args })).toBe('one two []');
    expect(await render('$(3|nobody) $(1|nobody)', { args })).toBe('nobody one');
    expect(await render('$(9|the ninth)', { args })).toBe('the ninth');
    expect(await render('$(1|$(user))')).toBe('alice');
  });

  it('inserts all arguments', async () => {
    expect(await render('You said: $(args)', { args: ['a', 'b', 'c'] })).toBe('You said: a b c');
    expect(await render('You said: $(args|nothing)')).toBe('You said: nothing');
  });

  it('inserts the target user without @, or the caller', async () => {
    expect(await render('$(touser)', { args: ['@bob', 'x'] })).toBe('bob');
    expect(await render('$(touser)', { args: ['bob'] })).toBe('bob');
    expect(await render('$(touser)')).toBe('alice');
    expect(await render('$(touser)', { args: ['@'] })).toBe('alice');
  });

  it('draws a whole number in the range, limits included', async () => {
    expect(await render('$(random 1-6)', {}, { random: () => 0 })).toBe('1');
    expect(await render('$(random 1-6)', {}, { random: () => 0.999_999 })).toBe('6');
    expect(await render('$(random -3--1)', {}, { random: () => 0.5 })).toBe('-2');
    expect(await render('$(random 7-7)')).toBe('7');
    const seen = new Set<string>();
    for (let i = 0; i < 500; i += 1) seen.add(await render('$(random 1-3)'));
    expect([...seen].sort()).toEqual(['1', '2', '3']);
  });

  it('reports a computed range it cannot use', async () => {
    expect(await render('$(random $(1))', { args: ['9-2'] })).toBe('[random: 9-2 is backwards; write 2-9]');
    expect(await render('$(random 1-$(1))', { args: ['lots'] })).toMatch(
      /^\[random: needs a range like 1-100/,
    );
    expect(await render('$(random 1-$(1))', { args: ['10'] }, { random: () => 0.99 })).toBe('10');
  });

  it('picks one of the comma-separated choices', async () => {
    const source = '$(pick heads, tails, on its edge)';
    expect(await render(source, {}, { random: () => 0 })).toBe('heads');
    expect(await render(source, {}, { random: () => 0.5 })).toBe('tails');
    expect(await render(source, {}, { random: () => 0.99 })).toBe('on its edge');
    expect(await render('$(pick $(args)|nothing to pick)')).toBe('nothing to pick');
    expect(await render('$(pick $(args))', { args: ['x,y'] }, { random: () => 0.9 })).toBe('y');
  });

  it("tells the time in the channel's zone or the one given", async () => {
    expect(await render('$(time)')).toBe('14:05');
    expect(await render('$(time America/New_York)')).toBe('08:05');
    expect(await render('$(time UTC)')).toBe('12:05');
    expect(await render('$(time Asia/Kolkata)')).toBe('17:35');
  });

  it('falls back to UTC, saying so, for an unknown zone', async () => {
    expect(await render('$(time $(1))', { args: ['Nowhere/Land'] })).toBe('12:05 UTC');
    expect(await render('$(time)', { timezone: 'bogus' })).toBe('12:05 UTC');
  });
});

describe('renderTemplate: lookups', () => {
  it('asks the caller for every other variable with its rendered arguments', async () => {
    const lookup = vi.fn<Lookup>(async (name) => (name === 'points' ? '120' : 'candies'));
    const text = await render('$(touser) has $(points $(touser)) $(currency)', { args: ['@bob'], lookup });
    expect(text).toBe('bob has 120 candies');
    expect(lookup.mock.calls).toEqual([
      ['points', ['bob']],
      ['currency', []],
    ]);
  });

  it('passes each lookup variable through', async () => {
    const lookup = vi.fn<Lookup>(async (name, args) => `${name}(${args.join(',')})`);
    const source =
      '$(count deaths) $(getcount deaths) $(uptime) $(followage) $(followage bob) $(game) $(title) ' +
      '$(points) $(rank carol) $(currency) $(urlfetch https://example.com/a?b=c) $(command hug $(1) x)';
    expect(await render(source, { lookup, args: ['dave'] })).toBe(
      'count(deaths) getcount(deaths) uptime() followage() followage(bob) game() title() points() ' +
        'rank(carol) currency() urlfetch(https://example.com/a?b=c) command(hug,dave,x)',
    );
  });

  it('renders inner variables first and in reading order', async () => {
    const calls: string[] = [];
    const lookup: Lookup = async (name, args) => {
      calls.push(`${name}:${args.join(',')}`);
      return String(calls.length);
    };
    expect(await render('$(command $(count a) $(count b)) $(count c)', { lookup })).toBe('3 4');
    expect(calls).toEqual(['count:a', 'count:b', 'command:1,2', 'count:c']);
  });

  it('leaves out argument words that render empty', async () => {
    const lookup = vi.fn<Lookup>(async () => 'x');
    await render('$(followage $(1))', { lookup });
    expect(lookup).toHaveBeenCalledWith('followage', []);
  });

  it('uses the fallback only when the value is empty, and only then renders it', async () => {
    const lookup = vi.fn<Lookup>(async (name) => (name === 'game' ? '' : 'called'));
    expect(await render('$(game|no game set)', { lookup })).toBe('no game set');
    expect(await render('$(title|$(count misses))', { lookup })).toBe('called');
    expect(lookup).not.toHaveBeenCalledWith('count', ['misses']);
  });

  it('turns a failing lookup into a short placeholder', async () => {
    const failing =
      (error: unknown): Lookup =>
      async () => {
        throw error;
      };
    expect(
      await render('x $(urlfetch https://a.example) y', { lookup: failing(new Error('timed out')) }),
    ).toBe('x [urlfetch: timed out] y');
    const withStack = new Error('HTTP 502\n    at fetch (/srv/app.js:1:1)');
    expect(await render('$(game)', { lookup: failing(withStack) })).toBe('[game: HTTP 502]');
    expect(await render('$(game)', { lookup: failing('nope') })).toBe('[game: nope]');
    expect(await render('$(game)', { lookup: failing(42) })).toBe('[game: failed]');
    expect(await render('$(game)', { lookup: failing(new Error('x'.repeat(500))) })).toMatch(
      /^\[game: x{59}…\]$/,
    );
    const syncThrow: Lookup = () => {
      throw new Error('sync');
    };
    expect(await render('$(title)', { lookup: syncThrow })).toBe('[title: sync]');
  });

  it('puts lookup output on one line', async () => {
    const lookup: Lookup = async () => 'first line\r\n\n  second\tline  \n';
    expect(await render('[$(urlfetch https://x.example)]', { lookup })).toBe('[first line second\tline ]');
  });
});

describe('renderTemplate: injection', () => {
  const lookup = vi.fn<Lookup>(async (name, args) => `${name}:${args.join(' ')}`);

  it('never evaluates variable syntax typed by a viewer', async () => {
    lookup.mockClear();
    const args = ['$(urlfetch', 'http://169.254.169.254/)', '$(command', 'x)'];
    expect(await render('$(1) $(2) | $(args)', { args, lookup })).toBe(
      '$(urlfetch http://169.254.169.254/) | $(urlfetch http://169.254.169.254/) $(command x)',
    );
    expect(await render('$(touser)', { args: ['@$(user)'], lookup })).toBe('$(user)');
    expect(await render('Hi $(user)', { user: '$(points) $$', lookup })).toBe('Hi $(points) $$');
    expect(lookup).not.toHaveBeenCalled();
  });

  it('passes viewer text to lookups as plain arguments', async () => {
    lookup.mockClear();
    const text = await render('$(points $(1))', { args: ['$(count', 'x)'], lookup });
    expect(text).toBe('points:$(count');
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('never re-parses lookup output', async () => {
    const sneaky: Lookup = async (name) => (name === 'title' ? '$(urlfetch http://localhost) $$ )' : 'no');
    const spy = vi.fn(sneaky);
    expect(await render('$(title)', { lookup: spy })).toBe('$(urlfetch http://localhost) $$ )');
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('keeps escapes literal', async () => {
    expect(await render('$$(user) costs $$5 or $5')).toBe('$(user) costs $5 or $5');
    expect(await render('$(1|a $) b)')).toBe('a ) b');
    expect(await render('$(pick $$1, $$2)', {}, { random: () => 0 })).toBe('$1');
  });
});

describe('renderTemplate: output', () => {
  it('cuts to 500 characters by default, ending in …', async () => {
    const text = await render('$(args)', { args: ['a'.repeat(2_000)] });
    expect(text).toHaveLength(500);
    expect(text.endsWith('a…')).toBe(true);
    expect(await render('$(args)', { args: ['a'.repeat(500)] })).toHaveLength(500);
  });

  it('honours a shorter maxLength without splitting emoji', async () => {
    const text = await render('$(args)', { args: ['👋🏽👋🏽👋🏽'] }, { maxLength: 6 });
    expect(text).toBe('👋🏽…');
    expect(await render('ab👨‍👩‍👧', {}, { maxLength: 5 })).toBe('ab…');
  });

  it('caps a huge lookup value before using it', async () => {
    const lookup: Lookup = async (name, args) =>
      name === 'game' ? 'g'.repeat(1_000_000) : String(args[0]?.length);
    expect(await render('$(points $(game))', { lookup })).toBe('2000');
  });

  it('keeps unicode and trims the ends', async () => {
    expect(await render('  Ça va, $(user) 👋🏽 — $(1)  ', { user: 'Zoë', args: ['🍕'] })).toBe(
      'Ça va, Zoë 👋🏽 — 🍕',
    );
  });

  it('joins template lines into one', async () => {
    expect(await render('line one\n\nline two')).toBe('line one line two');
  });

  it('renders random input without throwing', async () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = ['$(', ')', '|', ' ', '$$', 'user', '1', 'random 1-5', 'pick a,b', 'game', 'time', '🎉'];
    const lookup: Lookup = async (name) => {
      if (next() < 0.3) throw new Error('boom');
      return name;
    };
    let rendered = 0;
    for (let i = 0; i < 1_000; i += 1) {
      let source = '';
      for (let j = Math.floor(next() * 30); j > 0; j -= 1)
        source += alphabet[Math.floor(next() * alphabet.length)];
      const parsed = parseTemplate(source);
      if (!parsed.ok) continue;
      const text = await renderTemplate(parsed.template, context({ lookup, args: ['$(user)'] }));
      expect(text.length).toBeLessThanOrEqual(500);
      rendered += 1;
    }
    expect(rendered).toBeGreaterThan(100);
  });
});
