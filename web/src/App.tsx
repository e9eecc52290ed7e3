/**
 * Routes of the mission-control app, the ticket desk and the stream studio. Every page is its own lazily loaded chunk; the entry holds
 * only the router, the session gate and the page-independent chrome (starfield, toasts).
 */
import { Route, Router, type RouteSectionProps, useLocation, useNavigate } from '@solidjs/router';
import { lazy, Show, Suspense } from 'solid-js';
import { setUnauthorizedHandler } from './api/client';
import RequireSession from './auth/RequireSession';
import { deskSignInPath, loginPath, setCurrentUser } from './auth/session';
import { Starfield } from './layout/Starfield';
import { studioSignInPath } from './pages/stream/labels';
import { Boundary } from './ui/ErrorBoundary';
import { PageLoading } from './ui/Skeleton';
import { ToastRegion } from './ui/Toast';

const SetupPage = lazy(() => import('./pages/setup/SetupPage'));
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const OverviewPage = lazy(() => import('./pages/overview/OverviewPage'));
const JarvisPage = lazy(() => import('./pages/jarvis/JarvisPage'));
const JarvisIncidentsPage = lazy(() => import('./pages/jarvis/IncidentsPage'));
const JarvisAutonomyPage = lazy(() => import('./pages/jarvis/AutonomyPage'));
const JarvisRunbooksPage = lazy(() => import('./pages/jarvis/RunbooksPage'));
const JarvisAnalyzerPage = lazy(() => import('./pages/jarvis/AnalyzerPage'));
const SmartHomePage = lazy(() => import('./pages/smarthome/SmartHomePage'));
const GooglePage = lazy(() => import('./pages/google/GooglePage'));
const AutomationsPage = lazy(() => import('./pages/automations/AutomationsPage'));
const DeploysPage = lazy(() => import('./pages/deploy/DeploysPage'));
const GamingPage = lazy(() => import('./pages/gaming/GamingPage'));
const FilesPage = lazy(() => import('./pages/files/FilesPage'));
const NetworkPage = lazy(() => import('./pages/network/NetworkPage'));
const BackupsPage = lazy(() => import('./pages/sysbackup/BackupsPage'));
const SettingsPage = lazy(() => import('./pages/settings/SettingsPage'));
const ContainersPage = lazy(() => import('./pages/docker/ContainersPage'));
const ContainerPage = lazy(() => import('./pages/docker/ContainerPage'));
const StacksPage = lazy(() => import('./pages/docker/StacksPage'));
const ImagesPage = lazy(() => import('./pages/docker/ImagesPage'));
const VolumesPage = lazy(() => import('./pages/docker/VolumesPage'));
const NetworksPage = lazy(() => import('./pages/docker/NetworksPage'));
const DatabasesPage = lazy(() => import('./pages/databases/DatabasesPage'));
const MonitoringPage = lazy(() => import('./pages/monitoring/MonitoringPage'));
const MonitorPage = lazy(() => import('./pages/monitoring/MonitorPage'));
const MonitorEditorPage = lazy(() => import('./pages/monitoring/MonitorEditorPage'));
const MaintenancePage = lazy(() => import('./pages/monitoring/MaintenancePage'));
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage'));
const StatusPage = lazy(() => import('./pages/status/StatusPage'));
const NotFoundPage = lazy(() => import('./pages/not-found/NotFoundPage'));
const DeskSignInPage = lazy(() => import('./pages/desk/SignInPage'));
const DeskGate = lazy(() => import('./pages/desk/DeskGate'));
const GuildPickerPage = lazy(() => import('./pages/desk/GuildPickerPage'));
const DeskTicketsPage = lazy(() => import('./pages/desk/TicketsPage'));
const DeskTicketPage = lazy(() => import('./pages/desk/TicketPage'));
const DeskAnalyticsPage = lazy(() => import('./pages/desk/AnalyticsPage'));
const DeskSettingsPage = lazy(() => import('./pages/desk/SettingsPage'));
const DeskGoLivePage = lazy(() => import('./pages/desk/GoLivePage'));
const StudioSignInPage = lazy(() => import('./pages/stream/SignInPage'));
const StudioGate = lazy(() => import('./pages/stream/StudioGate'));
const StudioOverviewPage = lazy(() => import('./pages/stream/OverviewPage'));
const StudioChatPage = lazy(() => import('./pages/stream/ChatPage'));
const StudioConnectionsPage = lazy(() => import('./pages/stream/ConnectionsPage'));
const StudioCommandsPage = lazy(() => import('./pages/commands/CommandsPage'));
const StudioTimersPage = lazy(() => import('./pages/commands/TimersPage'));
const StudioToolsPage = lazy(() => import('./pages/commands/ToolsPage'));
const StudioCurrencyPage = lazy(() => import('./pages/currency/CurrencyPage'));
const StudioGamesPage = lazy(() => import('./pages/currency/GamesPage'));
const StudioGiveawaysPage = lazy(() => import('./pages/giveaways/GiveawaysPage'));
const StudioPollsPage = lazy(() => import('./pages/giveaways/PollsPage'));
const StudioStatsPage = lazy(() => import('./pages/streamstats/StatsPage'));
const StudioAiPage = lazy(() => import('./pages/streamai/AiPage'));
const StudioModerationPage = lazy(() => import('./pages/moderation/ModerationPage'));
const StudioSongsPage = lazy(() => import('./pages/songs/SongsPage'));
const StudioOverlaysPage = lazy(() => import('./pages/overlays/OverlaysPage'));
const StudioWelcomePage = lazy(() => import('./pages/onboarding/OnboardingPage'));
const OverlayPage = lazy(() => import('./pages/overlays/OverlayPage'));

function Root(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();
  // A 401 from any call means the session ended (expired, revoked elsewhere): back to sign-in.
  setUnauthorizedHandler(() => {
    setCurrentUser(null);
    const here = location.pathname;
    if (here === '/login' || here === '/setup' || here === '/desk/sign-in' || here === '/studio/sign-in')
      return;
    // OBS browser sources have no session and are never sent to a sign-in page.
    if (here.startsWith('/overlay/')) return;
    // The desk signs in through Discord and the studio through a streaming platform, not the password form.
    const within = (area: string) => here === area || here.startsWith(`${area}/`);
    const signIn = within('/desk') ? deskSignInPath : within('/studio') ? studioSignInPath : loginPath;
    navigate(signIn(here + location.search), { replace: true });
  });
  return (
    <>
      {/* Overlays are drawn over the stream in OBS: nothing behind them. */}
      <Show when={!location.pathname.startsWith('/overlay/')}>
        <Starfield />
      </Show>
      <Boundary label="This page">
        <Suspense fallback={<PageLoading />}>{props.children}</Suspense>
      </Boundary>
      <ToastRegion />
    </>
  );
}

export function App() {
  return (
    <Router root={Root}>
      <Route path="/setup" component={SetupPage} />
      <Route path="/login" component={LoginPage} />
      {/* Public: visitors who never signed in see a domain's status. */}
      <Route path="/status/:domain" component={StatusPage} />
      {/* The ticket desk: Discord sign-in, its own layout, open to guests. */}
      <Route path="/desk/sign-in" component={DeskSignInPage} />
      <Route path="/desk" component={DeskGate}>
        <Route path="/" component={GuildPickerPage} />
        <Route path="/:guildId" component={DeskTicketsPage} />
        <Route path="/:guildId/tickets/:ticketId" component={DeskTicketPage} />
        <Route path="/:guildId/analytics" component={DeskAnalyticsPage} />
        <Route path="/:guildId/settings" component={DeskSettingsPage} />
        <Route path="/:guildId/go-live" component={DeskGoLivePage} />
      </Route>
      {/* The stream studio: sign-in with Twitch, YouTube or Kick, its own layout, open to guests. */}
      <Route path="/studio/sign-in" component={StudioSignInPage} />
      {/* An OBS browser source: no session, no layout; the key in the address is the credential. */}
      <Route path="/overlay/:key" component={OverlayPage} />
      <Route path="/studio" component={StudioGate}>
        <Route path="/" component={StudioOverviewPage} />
        <Route path="/chat" component={StudioChatPage} />
        <Route path="/commands" component={StudioCommandsPage} />
        <Route path="/timers" component={StudioTimersPage} />
        <Route path="/tools" component={StudioToolsPage} />
        <Route path="/currency" component={StudioCurrencyPage} />
        <Route path="/games" component={StudioGamesPage} />
        <Route path="/giveaways" component={StudioGiveawaysPage} />
        <Route path="/polls" component={StudioPollsPage} />
        <Route path="/stats" component={StudioStatsPage} />
        <Route path="/ai" component={StudioAiPage} />
        <Route path="/moderation" component={StudioModerationPage} />
        <Route path="/songs" component={StudioSongsPage} />
        <Route path="/overlays" component={StudioOverlaysPage} />
        <Route path="/welcome" component={StudioWelcomePage} />
        <Route path="/connections" component={StudioConnectionsPage} />
      </Route>
      <Route path="/" component={RequireSession}>
        <Route path="/" component={OverviewPage} />
        <Route path="/docker" component={ContainersPage} />
        <Route path="/docker/containers/:id" component={ContainerPage} />
        <Route path="/docker/stacks" component={StacksPage} />
        <Route path="/docker/images" component={ImagesPage} />
        <Route path="/docker/volumes" component={VolumesPage} />
        <Route path="/docker/networks" component={NetworksPage} />
        <Route path="/databases" component={DatabasesPage} />
        <Route path="/jarvis" component={JarvisPage} />
        <Route path="/jarvis/incidents" component={JarvisIncidentsPage} />
        <Route path="/jarvis/autonomy" component={JarvisAutonomyPage} />
        <Route path="/jarvis/runbooks" component={JarvisRunbooksPage} />
        <Route path="/jarvis/analyzer" component={JarvisAnalyzerPage} />
        <Route path="/jarvis/:id" component={JarvisPage} />
        <Route path="/monitoring" component={MonitoringPage} />
        <Route path="/monitoring/new" component={MonitorEditorPage} />
        <Route path="/monitoring/maintenance" component={MaintenancePage} />
        <Route path="/monitoring/:id" component={MonitorPage} />
        <Route path="/monitoring/:id/edit" component={MonitorEditorPage} />
        <Route path="/smarthome" component={SmartHomePage} />
        <Route path="/google" component={GooglePage} />
        <Route path="/automations" component={AutomationsPage} />
        <Route path="/deploys" component={DeploysPage} />
        <Route path="/gaming" component={GamingPage} />
        <Route path="/files" component={FilesPage} />
        <Route path="/network" component={NetworkPage} />
        <Route path="/backups" component={BackupsPage} />
        <Route path="/notifications" component={NotificationsPage} />
        <Route path="/settings" component={SettingsPage} />
        <Route path="*404" component={NotFoundPage} />
      </Route>
    </Router>
  );
}
