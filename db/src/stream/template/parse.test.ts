import { describe, expect, it } from 'vitest';
import { parseTemplate, type TemplateError, templateLimits } from './index';
import { templateVariables } from './variables';

function error(source: string): TemplateError {
  const result = parseTemplate(source);
  if (result.ok) throw new Error(`expected a parse error for ${source}`);
  return result.error;
}

function marked(source: string): string {
  const { start, end } = error(source);
  return source.slice(start, end);
}

describe('parseTemplate', () => {
  it('splits text and variables', () => {
    const result = parseTemplate('Hi $(user)!');
    expect(result).toEqual({
      ok: true,
      template: {
        source: 'Hi $(user)!',
        nodes: [
          { type: 'text', value: 'Hi ' },
          { type: 'variable', name: 'user', args: [], fallback: null, start: 3, end: 10 },
          { type: 'text', value: '!' },
        ],
      },
    });
  });

  it('reads space-separated arguments with nested variables and a fallback', () => {
    const result = parseTemplate('$(points  $(1|$(user)) )');
    expect(result.ok && result.template.nodes).toEqual([
      {
        type: 'variable',
        name: 'points',
        start: 0,
        end: 24,
        fallback: null,
        args: [
          [
            {
              type: 'variable',
              name: '1',
              start: 10,
              end: 22,
              args: [],
              fallback: [{ type: 'variable', name: 'user', args: [], fallback: null, start: 14, end: 21 }],
            },
          ],
        ],
      },
    ]);
  });

  it('keeps spaces and further bars in a fallback', () => {
    const result = parseTemplate('$(1|no one | nobody)');
    expect(result.ok && result.template.nodes[0]).toMatchObject({
      fallback: [{ type: 'text', value: 'no one | nobody' }],
    });
  });

  it('accepts every listed variable in its usage form', () => {
    for (const variable of templateVariables) {
      for (const usage of variable.usage.split(' or ')) {
        expect(parseTemplate(usage).ok, usage).toBe(true);
      }
    }
  });

  it('treats names case-insensitively', () => {
    const result = parseTemplate('$(USER)');
    expect(result.ok && result.template.nodes[0]).toMatchObject({ name: 'user' });
  });

  it('reads $$ as a dollar and leaves other dollars and parentheses as text', () => {
    const result = parseTemplate('$$(user) costs $5 :) (really) $');
    expect(result.ok && result.template.nodes).toEqual([
      { type: 'text', value: '$(user) costs $5 :) (really) $' },
    ]);
  });

  it('reads $) inside a variable as a parenthesis', () => {
    const result = parseTemplate('$(pick :$), :()');
    expect(result.ok && result.template.nodes[0]).toMatchObject({
      args: [[{ type: 'text', value: ':),' }], [{ type: 'text', value: ':(' }]],
    });
  });

  it('names unknown variables and lists the known ones', () => {
    const found = error('Hello $(foo) there');
    expect(found.message).toMatch(/^Unknown variable \$\(foo\)\. Known: user, touser, 1…9, args, random/);
    expect(found).toMatchObject({ start: 6, end: 12 });
  });

  it('points at the $( that is never closed', () => {
    expect(error('Hi $(user')).toMatchObject({
      start: 3,
      end: 5,
      message: expect.stringMatching(/never closed/),
    });
    expect(error('ab $(points $(1)')).toMatchObject({ start: 3, end: 5 });
    expect(error('$(1|fallback')).toMatchObject({ start: 0, end: 2 });
    expect(error('x $(')).toMatchObject({ start: 2, end: 4 });
  });

  it('asks for a name after $(', () => {
    expect(error('$() x').message).toMatch(/variable name/);
    expect(error('$( user)').message).toMatch(/variable name/);
    expect(error('$($(user))').message).toMatch(/variable name/);
  });

  it('asks for a space between the name and a nested variable', () => {
    expect(error('$(user$(1))').message).toMatch(/Put a space/);
  });

  it('explains argument counts', () => {
    expect(error('$(random)').message).toBe(
      '$(random) takes 1 argument, got 0. Write it as $(random 1-100).',
    );
    expect(error('$(user bob)').message).toMatch(/^\$\(user\) takes no arguments, got 1/);
    expect(error('$(time a b)').message).toMatch(/^\$\(time\) takes 0 to 1 arguments, got 2/);
    expect(error('$(pick)').message).toMatch(/^\$\(pick\) takes at least 1 argument/);
    expect(error('$(count)').message).toMatch(/^\$\(count\) takes 1 argument, got 0/);
    expect(error('$(urlfetch)').message).toMatch(/urlfetch/);
    expect(error('$(command)').message).toMatch(/command/);
    expect(marked('ok $(random 1 2) ok')).toBe('$(random 1 2)');
  });

  it('checks literal arguments', () => {
    expect(error('$(random 5-1)').message).toBe('$(random) 5-1 is backwards; write 1-5.');
    expect(error('$(random abc)').message).toMatch(/needs a range like 1-100/);
    expect(error('$(random 1-99999999999999999999)').message).toMatch(/too large/);
    expect(error('$(time Mars/Olympus)').message).toMatch(/Unknown time zone "Mars\/Olympus"/);
    expect(error('$(urlfetch ftp://x)').message).toMatch(/https:\/\//);
    expect(error('$(pick , ,)').message).toMatch(/choices separated by commas/);
    expect(marked('a $(time Nowhere) b')).toBe('$(time Nowhere)');
  });

  it('accepts computed arguments it cannot check yet', () => {
    expect(parseTemplate('$(random $(1))').ok).toBe(true);
    expect(parseTemplate('$(time $(1|UTC))').ok).toBe(true);
    expect(parseTemplate('$(urlfetch https://api.example.com/?q=$(args))').ok).toBe(true);
    expect(parseTemplate('$(random -10--5)').ok).toBe(true);
  });

  it('limits the length, the number of variables and the nesting depth', () => {
    const long = 'a'.repeat(templateLimits.length + 1);
    expect(error(long)).toMatchObject({
      start: 2000,
      end: 2001,
      message: expect.stringMatching(/2001.*2000/),
    });
    expect(parseTemplate('a'.repeat(templateLimits.length)).ok).toBe(true);

    expect(parseTemplate('$(user)'.repeat(50)).ok).toBe(true);
    const many = error('$(user)'.repeat(51));
    expect(many).toMatchObject({ start: 350, end: 352, message: expect.stringMatching(/at most 50/) });

    expect(parseTemplate('$(count $(count $(count $(count $(user)))))').ok).toBe(true);
    const deep = error('$(count $(count $(count $(count $(count $(user))))))');
    expect(deep).toMatchObject({ start: 40, end: 42, message: expect.stringMatching(/nested too deeply/) });
  });

  it('reports offsets in string indices with emoji before the error', () => {
    const source = '🎉🎉 $(nope)';
    expect(error(source)).toMatchObject({ start: 5, end: 12 });
    expect(marked(source)).toBe('$(nope)');
  });

  it('keeps unicode text and arguments intact', () => {
    const result = parseTemplate('Ça va 👋🏽 $(pick 🍕, 🍣,  ramen)');
    expect(result.ok && result.template.nodes).toMatchObject([
      { type: 'text', value: 'Ça va 👋🏽 ' },
      { name: 'pick', args: [[{ value: '🍕,' }], [{ value: '🍣,' }], [{ value: 'ramen' }]] },
    ]);
  });

  it('never throws on random input', () => {
    const alphabet = [
      '$',
      '(',
      ')',
      '|',
      ' ',
      '$(',
      'user',
      'random',
      '1-5',
      '1',
      'pick',
      'a,',
      'é',
      '🎉',
      '\n',
      'x',
    ];
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 3_000; i += 1) {
      let source = '';
      const parts = Math.floor(next() * 40);
      for (let j = 0; j < parts; j += 1) source += alphabet[Math.floor(next() * alphabet.length)];
      const result = parseTemplate(source);
      if (!result.ok) {
        expect(result.error.message.length).toBeGreaterThan(0);
        expect(result.error.start).toBeGreaterThanOrEqual(0);
        expect(result.error.end).toBeLessThanOrEqual(source.length);
        expect(result.error.start).toBeLessThanOrEqual(result.error.end);
      }
    }
  });
});
