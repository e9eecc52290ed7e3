/**
 * Renders a guild's go-live template. Only the variables of goLiveTemplateVariables are replaced;
 * anything else in braces stays as written, and mentions come only from the variables (a template
 * cannot ping by itself because allowed_mentions lists just the role and the streamer).
 */
// No imports: the web app's go-live preview loads this file without zod or the schema.
/** Variables a go-live template may use, with what each becomes. */
export const goLiveTemplateVariables = {
  streamer: "The streamer's display name",
  mention: 'A mention of the streamer',
  platform: 'Twitch, YouTube or Kick',
  title: 'The stream title',
  game: 'The game or category',
  url: 'The stream link',
  role: 'The mention role (empty during quiet hours)',
} as const;

export type GoLiveTemplateName = keyof typeof goLiveTemplateVariables;
export type GoLiveTemplateVars = Partial<Record<GoLiveTemplateName, string | null | undefined>>;

/** Discord's limit for a message's content. */
export const messageContentLimit = 2000;

export function renderGoLiveTemplate(template: string, vars: GoLiveTemplateVars): string {
  const rendered = template
    .replace(/\{([a-z]+)\}/g, (whole, name: string) =>
      Object.hasOwn(goLiveTemplateVariables, name) ? (vars[name as GoLiveTemplateName] ?? '') : whole,
    )
    // An empty variable (no role during quiet hours) must not leave a doubled or leading space.
    .replace(/ {2,}/g, ' ')
    .trim();
  return rendered.length > messageContentLimit ? `${rendered.slice(0, messageContentLimit - 1)}…` : rendered;
}
