-- The automations outbox: what happens in the homelab becomes an automation_events row in the same
-- transaction as its cause (a rolled-back change announces nothing), and NOTIFY 'automations' wakes
-- the automations runner, which fans it out to the hooks. Payloads carry what a workflow needs to
-- act on, never secrets (no tokens, no sealed columns, no ticket form answers).
CREATE FUNCTION homelab_automation_emit(event_type text, payload jsonb) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  event_id bigint;
BEGIN
  INSERT INTO automation_events (type, payload) VALUES (event_type, jsonb_strip_nulls(payload))
    RETURNING id INTO event_id;
  PERFORM pg_notify('automations', event_id::text);
END
$$;
--> statement-breakpoint
CREATE FUNCTION homelab_automation_incident() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  monitor_name text;
  rule_name text;
BEGIN
  SELECT name INTO monitor_name FROM monitors WHERE id = NEW.monitor_id;
  SELECT name INTO rule_name FROM alert_rules WHERE id = NEW.alert_rule_id;
  PERFORM homelab_automation_emit(
    CASE WHEN TG_OP = 'INSERT' THEN 'incident.opened' ELSE 'incident.closed' END,
    jsonb_build_object(
      'incidentId', NEW.id,
      'monitorId', NEW.monitor_id,
      'monitorName', monitor_name,
      'alertRuleId', NEW.alert_rule_id,
      'alertRuleName', rule_name,
      'cause', NEW.cause,
      'message', NEW.last_message,
      'startedAt', NEW.started_at,
      'resolvedAt', NEW.resolved_at,
      'durationSeconds',
        CASE WHEN NEW.resolved_at IS NULL THEN NULL
          ELSE floor(extract(epoch FROM NEW.resolved_at - NEW.started_at))::bigint END
    )
  );
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- Silenced incidents (maintenance windows) are recorded, not announced: neither opening nor closing.
CREATE TRIGGER automation_incident_opened AFTER INSERT ON incidents
  FOR EACH ROW WHEN (NOT NEW.silenced) EXECUTE FUNCTION homelab_automation_incident();
--> statement-breakpoint
CREATE TRIGGER automation_incident_closed AFTER UPDATE OF resolved_at ON incidents
  FOR EACH ROW WHEN (OLD.resolved_at IS NULL AND NEW.resolved_at IS NOT NULL AND NOT NEW.silenced)
  EXECUTE FUNCTION homelab_automation_incident();
--> statement-breakpoint
CREATE FUNCTION homelab_automation_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM homelab_automation_emit('ticket.created', jsonb_build_object(
    'ticketId', NEW.id,
    'guildId', NEW.guild_id,
    'number', NEW.number,
    'subject', NEW.subject,
    'openerId', NEW.opener_id,
    'openerName', NEW.opener_name,
    'channelId', NEW.channel_id,
    'priority', NEW.priority,
    'createdAt', NEW.created_at
  ));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER automation_ticket_created AFTER INSERT ON tickets
  FOR EACH ROW EXECUTE FUNCTION homelab_automation_ticket();
--> statement-breakpoint
CREATE FUNCTION homelab_automation_giveaway_winner() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prize text;
BEGIN
  SELECT g.prize INTO prize FROM giveaways g WHERE g.id = NEW.giveaway_id;
  PERFORM homelab_automation_emit('giveaway.won', jsonb_build_object(
    'winnerId', NEW.id,
    'giveawayId', NEW.giveaway_id,
    'tenantId', NEW.tenant_id,
    'prize', prize,
    'userName', NEW.user_name,
    'drawnAt', NEW.drawn_at
  ));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER automation_giveaway_won AFTER INSERT ON giveaway_winners
  FOR EACH ROW EXECUTE FUNCTION homelab_automation_giveaway_winner();
--> statement-breakpoint
-- A backup is finished when it leaves 'running' ('done' or 'failed'); the status says which.
CREATE FUNCTION homelab_automation_backup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  instance_name text;
BEGIN
  SELECT name INTO instance_name FROM database_instances WHERE id = NEW.instance_id;
  PERFORM homelab_automation_emit('backup.finished', jsonb_build_object(
    'backupId', NEW.id,
    'instanceId', NEW.instance_id,
    'instanceName', instance_name,
    'fileName', NEW.file_name,
    'sizeBytes', NEW.size_bytes,
    'status', NEW.status,
    'error', NEW.error,
    'kind', NEW.kind,
    'startedAt', NEW.created_at,
    'finishedAt', NEW.finished_at
  ));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER automation_backup_finished_insert AFTER INSERT ON database_backups
  FOR EACH ROW WHEN (NEW.status <> 'running') EXECUTE FUNCTION homelab_automation_backup();
--> statement-breakpoint
CREATE TRIGGER automation_backup_finished_update AFTER UPDATE OF status ON database_backups
  FOR EACH ROW WHEN (OLD.status = 'running' AND NEW.status <> 'running')
  EXECUTE FUNCTION homelab_automation_backup();
--> statement-breakpoint
-- Two things mean "went live": the owner's own channel (the stream bot opens a stream_sessions row
-- when its channel goes live) and a community streamer the Discord go-live feature watches (a
-- go_live_sessions row). Both are stream.live; `source` tells them apart.
CREATE FUNCTION homelab_automation_stream_session() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  channel record;
BEGIN
  SELECT login, display_name INTO channel FROM stream_channels WHERE id = NEW.channel_id;
  PERFORM homelab_automation_emit('stream.live', jsonb_build_object(
    'source', 'stream_bot',
    'sessionId', NEW.id,
    'tenantId', NEW.tenant_id,
    'platform', NEW.platform,
    'channel', channel.login,
    'displayName', channel.display_name,
    'title', NEW.title,
    'game', NEW.game,
    'startedAt', NEW.started_at
  ));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER automation_stream_live AFTER INSERT ON stream_sessions
  FOR EACH ROW EXECUTE FUNCTION homelab_automation_stream_session();
--> statement-breakpoint
CREATE FUNCTION homelab_automation_go_live() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  streamer record;
BEGIN
  SELECT display_name, discord_user_id, url INTO streamer FROM go_live_streamers WHERE id = NEW.streamer_id;
  PERFORM homelab_automation_emit('stream.live', jsonb_build_object(
    'source', 'discord_go_live',
    'sessionId', NEW.id,
    'guildId', NEW.guild_id,
    'platform', NEW.platform,
    'displayName', streamer.display_name,
    'discordUserId', streamer.discord_user_id,
    'url', streamer.url,
    'title', NEW.title,
    'game', NEW.game,
    'startedAt', NEW.started_at
  ));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER automation_go_live AFTER INSERT ON go_live_sessions
  FOR EACH ROW EXECUTE FUNCTION homelab_automation_go_live();
--> statement-breakpoint
CREATE FUNCTION homelab_automation_upload() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM homelab_automation_emit('upload.infected', jsonb_build_object(
    'uploadId', NEW.id,
    'name', NEW.name,
    'mediaType', NEW.media_type,
    'sizeBytes', NEW.size_bytes,
    'sha256', NEW.sha256,
    'verdict', NEW.verdict,
    'uploadedBy', NEW.uploaded_by,
    'scannedAt', NEW.scanned_at
  ));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER automation_upload_infected_insert AFTER INSERT ON uploads
  FOR EACH ROW WHEN (NEW.status = 'infected') EXECUTE FUNCTION homelab_automation_upload();
--> statement-breakpoint
CREATE TRIGGER automation_upload_infected_update AFTER UPDATE OF status ON uploads
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM 'infected' AND NEW.status = 'infected')
  EXECUTE FUNCTION homelab_automation_upload();
