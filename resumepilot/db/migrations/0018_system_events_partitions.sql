-- system_events partitioned by month (issue 13): retention drops a whole month at once instead
-- of deleting rows one by one, so the nightly job neither scans nor bloats the table.
--
-- The table is rebuilt as a range-partitioned one with the same columns, indexes, RLS policies
-- and grants; its rows are copied over. Months get a partition each (UTC calendar months); a row
-- outside every partition lands in system_events_default, from which
-- create_system_events_partition() moves it when its month's partition is made.
-- Also here: admins may export and delete a user (users.export, users.delete), and an export
-- remembers whether an admin asked for it (no "your export is ready" mail to the user then).

ALTER TABLE system_events RENAME TO system_events_unpartitioned;
ALTER INDEX IF EXISTS system_events_pkey RENAME TO system_events_unpartitioned_pkey;
DROP POLICY IF EXISTS "Users view own events" ON system_events_unpartitioned;
DROP POLICY IF EXISTS "Admins view all events" ON system_events_unpartitioned;
DROP INDEX IF EXISTS idx_system_events_event_type;
DROP INDEX IF EXISTS idx_system_events_created_at;
DROP INDEX IF EXISTS idx_system_events_user_id;

-- The partition key must be in the primary key; created_at is never null (it decides where the
-- row lives).
CREATE TABLE system_events (
  id UUID NOT NULL DEFAULT gen_random_uuid(),
  event_type TEXT NOT NULL,
  event_data JSONB,
  user_id UUID REFERENCES auth.users(id) ON DELETE SET NULL,
  ip_address INET,
  user_agent TEXT,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX idx_system_events_event_type ON system_events (event_type);
CREATE INDEX idx_system_events_created_at ON system_events (created_at);
CREATE INDEX idx_system_events_user_id ON system_events (user_id);
CREATE TABLE system_events_default PARTITION OF system_events DEFAULT;

ALTER TABLE system_events ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON system_events TO authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON system_events TO service_role;
CREATE POLICY "Users view own events" ON system_events
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Admins view all events" ON system_events
  FOR SELECT TO authenticated USING (is_admin());

-- A partition is reached through the parent only: the parent's policies apply there. Read
-- directly, a partition shows nothing to anyone but its owner.
CREATE OR REPLACE FUNCTION system_events_partition_name(p_month DATE) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT 'system_events_' || to_char(p_month, 'YYYY_MM')
$$;

-- Makes the partition of the month holding p_month (if missing) and moves into it the rows of
-- that month waiting in the default partition. Returns the partition's name.
CREATE OR REPLACE FUNCTION create_system_events_partition(p_month DATE) RETURNS TEXT
LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
DECLARE
  v_name TEXT := system_events_partition_name(p_month);
  v_from TIMESTAMPTZ := date_trunc('month', p_month::timestamp) AT TIME ZONE 'UTC';
  v_to TIMESTAMPTZ := (date_trunc('month', p_month::timestamp) + interval '1 month')
                      AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass('public.' || v_name) IS NOT NULL THEN
    RETURN v_name;
  END IF;
  -- Filled before it is attached: attaching checks that the default partition holds no row of
  -- the new range, which is true once they are moved. Writers to the default partition wait
  -- meanwhile, so that none adds such a row in between.
  LOCK TABLE public.system_events_default IN EXCLUSIVE MODE;
  EXECUTE format('CREATE TABLE public.%I (LIKE public.system_events INCLUDING DEFAULTS)', v_name);
  EXECUTE format(
    'WITH moved AS (DELETE FROM public.system_events_default'
    ' WHERE created_at >= $1 AND created_at < $2 RETURNING *)'
    ' INSERT INTO public.%I SELECT * FROM moved', v_name) USING v_from, v_to;
  -- The constraint lets ATTACH skip scanning the new partition.
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I CHECK'
                 ' (created_at >= %L AND created_at < %L)',
                 v_name, v_name || '_range', v_from, v_to);
  EXECUTE format('ALTER TABLE public.system_events ATTACH PARTITION public.%I'
                 ' FOR VALUES FROM (%L) TO (%L)', v_name, v_from, v_to);
  EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', v_name, v_name || '_range');
  EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', v_name);
  RETURN v_name;
END;
$$;

-- The month partitions with their bounds (the default partition has none).
CREATE OR REPLACE FUNCTION system_events_partitions()
RETURNS TABLE(name TEXT, range_from TIMESTAMPTZ, range_to TIMESTAMPTZ)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT c.relname::text, b[1]::timestamptz, b[2]::timestamptz
  FROM pg_inherits i
  JOIN pg_class c ON c.oid = i.inhrelid
  CROSS JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid),
                                  'FROM \(''([^'']+)''\) TO \(''([^'']+)''\)') AS b
  WHERE i.inhparent = 'public.system_events'::regclass AND b IS NOT NULL
  ORDER BY 2
$$;

REVOKE EXECUTE ON FUNCTION create_system_events_partition(DATE) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION system_events_partitions() FROM PUBLIC;
ALTER TABLE system_events_default ENABLE ROW LEVEL SECURITY;

-- Partitions for every month that has rows, this month and the next two; then the rows.
DO $$
DECLARE
  v_month DATE;
  v_first DATE;
BEGIN
  SELECT (least(min(created_at), now()) AT TIME ZONE 'UTC')::date INTO v_first
  FROM system_events_unpartitioned;
  FOR v_month IN
    SELECT generate_series(date_trunc('month', COALESCE(v_first, current_date)::timestamp),
                           (now() AT TIME ZONE 'UTC') + interval '2 months',
                           interval '1 month')::date
  LOOP
    PERFORM create_system_events_partition(v_month);
  END LOOP;
END
$$;
INSERT INTO system_events (id, event_type, event_data, user_id, ip_address, user_agent, created_at)
SELECT id, event_type, event_data, user_id, ip_address, user_agent, COALESCE(created_at, now())
FROM system_events_unpartitioned;
DROP TABLE system_events_unpartitioned;

-- Admins: exporting and deleting a user are permissions of their own.
CREATE OR REPLACE FUNCTION admin_permissions() RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['users.read', 'users.write', 'users.export', 'users.delete', 'billing.read',
               'billing.refund', 'events.read', 'metrics.read', 'admins.write']
$$;

ALTER TABLE data_exports ADD COLUMN IF NOT EXISTS requested_by_admin BOOLEAN NOT NULL
  DEFAULT false;

-- An admin's export of a user: the permission and the user are checked, and who asked and why
-- is recorded; trusted code builds the zip.
CREATE OR REPLACE FUNCTION admin_record_user_export(p_user_id UUID, p_reason TEXT,
                                                    p_export_id UUID)
RETURNS VOID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_reason TEXT;
BEGIN
  PERFORM admin_require('users.export');
  v_reason := admin_require_reason(p_reason);
  IF NOT EXISTS (SELECT 1 FROM auth.users WHERE id = p_user_id) THEN
    RAISE EXCEPTION 'no such user' USING ERRCODE = 'P0002';
  END IF;
  PERFORM admin_audit('user_exported', p_user_id, v_reason,
                      jsonb_build_object('export_id', p_export_id));
END;
$$;

-- Before an admin deletes a user: may they, and why. Nobody deletes their own account here
-- (the privacy page asks for the password), and only a super admin deletes a super admin.
CREATE OR REPLACE FUNCTION admin_check_user_deletion(p_user_id UUID, p_reason TEXT)
RETURNS TEXT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_reason TEXT;
BEGIN
  PERFORM admin_require('users.delete');
  v_reason := admin_require_reason(p_reason);
  IF p_user_id = auth.uid() THEN
    RAISE EXCEPTION 'you cannot delete your own account here; use the privacy page'
      USING ERRCODE = '22023';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM auth.users WHERE id = p_user_id) THEN
    RAISE EXCEPTION 'no such user' USING ERRCODE = 'P0002';
  END IF;
  IF NOT caller_is_trusted()
     AND EXISTS (SELECT 1 FROM admin_users WHERE user_id = p_user_id AND role = 'super_admin')
     AND NOT EXISTS (SELECT 1 FROM admin_users WHERE user_id = auth.uid()
                     AND role = 'super_admin') THEN
    RAISE EXCEPTION 'only a super admin may delete a super admin' USING ERRCODE = '42501';
  END IF;
  RETURN v_reason;
END;
$$;

-- After the deletion: the audit row names the admin and the reason, not the deleted person.
CREATE OR REPLACE FUNCTION admin_record_user_deletion(p_reason TEXT, p_details JSONB)
RETURNS VOID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('users.delete');
  PERFORM admin_audit('user_deleted', NULL, admin_require_reason(p_reason), p_details);
END;
$$;

REVOKE EXECUTE ON FUNCTION admin_record_user_export(UUID, TEXT, UUID) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION admin_check_user_deletion(UUID, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION admin_record_user_deletion(TEXT, JSONB) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION admin_record_user_export(UUID, TEXT, UUID)
  TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION admin_check_user_deletion(UUID, TEXT) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION admin_record_user_deletion(TEXT, JSONB) TO authenticated, service_role;
