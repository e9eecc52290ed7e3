import { describe, expect, it } from 'vitest';
import { renderGoLiveTemplate } from './template';

describe('renderGoLiveTemplate', () => {
  const vars = {
    role: '<@&42>',
    streamer: 'Ada',
    mention: '<@7>',
    platform: 'Twitch',
    title: 'Speedrun',
    game: 'Celeste',
    url: 'https://twitch.tv/ada',
  };

  it('fills every known variable', () => {
    expect(
      renderGoLiveTemplate(
        '{role} {mention} ({streamer}) is live on {platform}: {title} / {game} {url}',
        vars,
      ),
    ).toBe('<@&42> <@7> (Ada) is live on Twitch: Speedrun / Celeste https://twitch.tv/ada');
  });

  it('leaves unknown names as written', () => {
    expect(renderGoLiveTemplate('{streamer} {everyone} {Title} {}', vars)).toBe('Ada {everyone} {Title} {}');
  });

  it('drops an empty role without leaving stray spaces', () => {
    expect(renderGoLiveTemplate('{role} {streamer} is live', { ...vars, role: '' })).toBe('Ada is live');
    expect(renderGoLiveTemplate('{title}!', { title: null })).toBe('!');
  });

  it('caps the output at 2000 characters', () => {
    const out = renderGoLiveTemplate('{title} {title}', { title: 'x'.repeat(1500) });
    expect(out).toHaveLength(2000);
    expect(out.endsWith('…')).toBe(true);
  });
});
