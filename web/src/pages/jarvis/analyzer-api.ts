/**
 * The deployment analyzer's calls, through the typed client: the shapes are the API's own, which
 * relays the runner's answer in the shared schema (@homelab/db/jarvis/analysis).
 */
import { api, unwrap } from '../../api/client';

const analyzer = api.api.jarvis.analyze;

export type ProjectInput = { path: string; host?: string };

export const analyzeProject = (input: ProjectInput) => unwrap(analyzer.$post({ json: input }));
export type Analysis = Awaited<ReturnType<typeof analyzeProject>>;
export type Risk = Analysis['risks'][number];

/** Opens a conversation holding a proposed deploy_project call; a person approves it there. */
export const proposeDeployment = (input: ProjectInput) => unwrap(analyzer.deploy.$post({ json: input }));
