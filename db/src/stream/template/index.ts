/** The stream bot's command response language: parse (with editor-friendly errors) and render. */
export type { Template, TemplateError, TemplateNode } from './parse';
export { parseTemplate, templateLimits } from './parse';
export type { RenderOptions, VariableContext } from './render';
export { renderTemplate } from './render';
export type { TemplateVariable } from './variables';
export { templateVariables } from './variables';
