/** `/api/jarvis`: the copilot's conversations, approvals, autonomy policies, runbooks and diagnoses. */
import { createRouter } from '../lib/router';
import { analyzerRoutes } from './analyzer';
import { approvalRoutes } from './approvals';
import { attentionRoutes } from './attention';
import { conversationRoutes } from './conversations';
import { diagnosisRoutes } from './diagnoses';
import { policyRoutes } from './policies';
import { runbookRoutes } from './runbooks';
import { settingsRoutes } from './settings';

export const jarvisRoutes = createRouter()
  .route('/', attentionRoutes)
  .route('/', conversationRoutes)
  .route('/', approvalRoutes)
  .route('/', policyRoutes)
  .route('/', runbookRoutes)
  .route('/', diagnosisRoutes)
  .route('/', settingsRoutes)
  .route('/', analyzerRoutes);
