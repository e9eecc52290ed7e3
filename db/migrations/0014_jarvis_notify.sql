-- Jarvis investigates an incident as soon as it opens: the runner listens on 'jarvis'.
-- Silenced incidents (maintenance windows) are recorded, not investigated.
CREATE FUNCTION homelab_jarvis_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('jarvis', json_build_object('kind', 'incident', 'id', NEW.id)::text);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER jarvis_incident_opened AFTER INSERT ON incidents
  FOR EACH ROW WHEN (NOT NEW.silenced) EXECUTE FUNCTION homelab_jarvis_incident();
--> statement-breakpoint
-- The runbooks every homelab starts with; the owner edits or removes them on the Jarvis page.
INSERT INTO jarvis_runbooks (title, symptoms, body, allowed_tools) VALUES
(
  'Container crash-looping',
  ARRAY['restart', 'crash', 'unhealthy', 'exited'],
  E'1. Read the container''s last logs and its inspect data: exit code, OOMKilled, health log.\n2. Check the host''s memory and disk: an OOM kill or a full disk explains most crash loops.\n3. Check whether the image changed recently (a new tag pulled) and whether dependencies (database, DNS) are up.\n4. If the cause is transient (dependency was down, now up), restart the container (start it, when it has stopped) and verify it stays running and healthy for a minute.\n5. Otherwise explain the cause with the log lines and propose the fix; do not restart in a loop.',
  ARRAY['inspect_container', 'container_logs', 'container_stats', 'system_metrics', 'list_containers', 'restart_container', 'start_container']
),
(
  'Disk almost full',
  ARRAY['disk', 'space', 'no space left'],
  E'1. Read the host''s disks and which mount is full.\n2. List containers and images: unused images and stopped containers are the usual space.\n3. Propose pruning unused images (needs approval) and name the largest volumes; never remove a volume without the owner.',
  ARRAY['system_metrics', 'list_containers', 'prune_images']
),
(
  'Certificate expiring',
  ARRAY['certificate', 'tls', 'expir'],
  E'1. Check the certificate the host serves: issuer, names, days left.\n2. Check that the name resolves to this server''s public IP (ACME challenges fail otherwise).\n3. Caddy renews on its own 30 days before expiry: if renewal is failing, explain why (DNS, port 80 closed) and what to change.',
  ARRAY['tls_check', 'dns_lookup', 'container_logs']
),
(
  'DNS drift after an IP change',
  ARRAY['dns', 'resolve', 'ip'],
  E'1. Look up the record and compare it with the public IP.\n2. If they differ, propose updating the dynamic DNS record (needs approval) and verify the lookup afterwards.',
  ARRAY['dns_lookup', 'update_dns']
);
