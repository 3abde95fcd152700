-- The admin console (issue 13): permissions checked per action in the database, disabled
-- accounts, and every admin read or write as a SECURITY DEFINER function that checks the
-- caller's permission first. The web only calls these functions: a user whose claims are not an
-- admin's learns nothing from them, whatever the web layer does.
--
-- Permissions: admin_users.permissions is a JSONB object of {"users.read": true, ...}; a
-- super_admin holds every permission. Trusted callers (service_role: the CLI, jobs) hold all.

-- Disabled accounts: Supabase's column for the same purpose, added where it is missing.
DO $$
BEGIN
  ALTER TABLE auth.users ADD COLUMN IF NOT EXISTS banned_until TIMESTAMP WITH TIME ZONE;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'auth.users belongs to another role (Supabase has banned_until already)';
END
$$;

-- A disabled account's sessions stop resolving at once, even one opened just before.
CREATE OR REPLACE FUNCTION app_auth.resolve_session(p_token_hash BYTEA)
RETURNS TABLE(session_id UUID, user_id UUID, email TEXT, csrf_token TEXT, kind TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = app_auth, pg_temp AS $$
  SELECT s.id, s.user_id, u.email, s.csrf_token, s.kind
  FROM app_auth.sessions s JOIN auth.users u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
    AND (u.banned_until IS NULL OR u.banned_until <= now())
$$;

-- Permissions -----------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION admin_permissions() RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['users.read', 'users.write', 'billing.read', 'billing.refund', 'events.read',
               'metrics.read', 'admins.write']
$$;

-- The calling user's admin row as (role, permissions held), or no row.
CREATE OR REPLACE FUNCTION admin_caller()
RETURNS TABLE(role TEXT, permissions TEXT[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.role,
         CASE WHEN a.role = 'super_admin' THEN admin_permissions()
              ELSE ARRAY(SELECT p FROM unnest(admin_permissions()) p
                         WHERE COALESCE(a.permissions ->> p, 'false') = 'true') END
  FROM public.admin_users a
  WHERE auth.uid() IS NOT NULL AND a.user_id = auth.uid()
$$;

-- Raises unless the caller may do `p_permission`: "no such page" (P0002) for a non-admin, so
-- the console's existence is not confirmed; "forbidden" (42501) for an admin without it.
CREATE OR REPLACE FUNCTION admin_require(p_permission TEXT) RETURNS VOID
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_held TEXT[];
BEGIN
  IF caller_is_trusted() THEN
    RETURN;
  END IF;
  SELECT c.permissions INTO v_held FROM admin_caller() c;
  IF v_held IS NULL THEN
    RAISE EXCEPTION 'no such page' USING ERRCODE = 'P0002';
  END IF;
  IF NOT (p_permission = ANY (v_held)) THEN
    RAISE EXCEPTION 'this needs the % permission', p_permission USING ERRCODE = '42501';
  END IF;
END;
$$;

-- Every admin action leaves a system event: who (actor), what (event type, target) and why.
CREATE OR REPLACE FUNCTION admin_audit(
  p_action TEXT, p_target UUID, p_reason TEXT, p_details JSONB DEFAULT '{}'::jsonb
) RETURNS UUID
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO system_events (event_type, event_data, user_id, ip_address)
  VALUES ('admin.' || p_action,
          p_details || jsonb_build_object(
            'actor_id', auth.uid(),
            'actor_email', (SELECT email FROM auth.users WHERE id = auth.uid()),
            'actor', CASE WHEN caller_is_trusted() THEN 'command line' ELSE 'web console' END,
            'target_user_id', p_target,
            'reason', p_reason),
          p_target, app_auth.request_ip())
  RETURNING id
$$;

-- Users -----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION admin_search_users(p_query TEXT, p_limit INTEGER DEFAULT 50)
RETURNS TABLE(
  user_id UUID, email TEXT, full_name TEXT, created_at TIMESTAMPTZ, last_sign_in_at TIMESTAMPTZ,
  disabled BOOLEAN, plan_name TEXT, interviews_used INTEGER, cover_letters_used INTEGER,
  admin_role TEXT
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_pattern TEXT := '%' || replace(replace(replace(COALESCE(p_query, ''), '\', '\\'), '%', '\%'),
                                   '_', '\_') || '%';
BEGIN
  PERFORM admin_require('users.read');
  RETURN QUERY
  SELECT u.id, u.email::text, p.full_name, u.created_at, u.last_sign_in_at,
         COALESCE(u.banned_until > now(), false), effective_plan_name(u.id),
         COALESCE(ut.interviews_used, 0), COALESCE(ut.cover_letters_used, 0), a.role
  FROM auth.users u
  LEFT JOIN profiles p ON p.user_id = u.id
  LEFT JOIN usage_tracking ut ON ut.user_id = u.id AND ut.month = current_usage_month()
  LEFT JOIN admin_users a ON a.user_id = u.id
  WHERE u.email ILIKE v_pattern OR p.full_name ILIKE v_pattern OR u.id::text = p_query
  ORDER BY u.created_at DESC
  LIMIT LEAST(GREATEST(COALESCE(p_limit, 50), 1), 500);
END;
$$;

CREATE OR REPLACE FUNCTION admin_sign_ins(p_user_id UUID, p_limit INTEGER DEFAULT 20)
RETURNS TABLE(created_at TIMESTAMPTZ, kind TEXT, ip_address INET, user_agent TEXT,
              live BOOLEAN)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('users.read');
  RETURN QUERY
  SELECT s.created_at, s.kind, s.ip_address, s.user_agent,
         s.revoked_at IS NULL AND s.expires_at > now()
  FROM app_auth.sessions s WHERE s.user_id = p_user_id
  ORDER BY s.created_at DESC LIMIT LEAST(GREATEST(COALESCE(p_limit, 20), 1), 200);
END;
$$;

CREATE OR REPLACE FUNCTION admin_require_reason(p_reason TEXT) RETURNS TEXT
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF p_reason IS NULL OR length(btrim(p_reason)) < 3 THEN
    RAISE EXCEPTION 'give a reason (a few words) for this action' USING ERRCODE = '22023';
  END IF;
  RETURN left(btrim(p_reason), 500);
END;
$$;

-- Disabling ends every session; enabling lets the user sign in again.
CREATE OR REPLACE FUNCTION admin_set_disabled(p_user_id UUID, p_disabled BOOLEAN, p_reason TEXT)
RETURNS VOID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_reason TEXT;
BEGIN
  PERFORM admin_require('users.write');
  v_reason := admin_require_reason(p_reason);
  IF p_user_id = auth.uid() THEN
    RAISE EXCEPTION 'you cannot disable your own account' USING ERRCODE = '22023';
  END IF;
  UPDATE auth.users SET banned_until = CASE WHEN p_disabled THEN 'infinity'::timestamptz END
  WHERE id = p_user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such user' USING ERRCODE = 'P0002';
  END IF;
  IF p_disabled THEN
    UPDATE app_auth.sessions SET revoked_at = now()
    WHERE user_id = p_user_id AND revoked_at IS NULL;
  END IF;
  PERFORM admin_audit(CASE WHEN p_disabled THEN 'user_disabled' ELSE 'user_enabled' END,
                      p_user_id, v_reason);
END;
$$;

-- Gives back this month's interviews and cover letters (a support gesture), recording the old
-- counts in the audit event.
CREATE OR REPLACE FUNCTION admin_reset_usage(p_user_id UUID, p_reason TEXT) RETURNS VOID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_reason TEXT;
  v_before JSONB;
BEGIN
  PERFORM admin_require('users.write');
  v_reason := admin_require_reason(p_reason);
  IF NOT EXISTS (SELECT 1 FROM auth.users WHERE id = p_user_id) THEN
    RAISE EXCEPTION 'no such user' USING ERRCODE = 'P0002';
  END IF;
  UPDATE usage_tracking ut SET interviews_used = 0, cover_letters_used = 0
  FROM (SELECT id, interviews_used, cover_letters_used FROM usage_tracking
        WHERE user_id = p_user_id AND month = current_usage_month() FOR UPDATE) old
  WHERE ut.id = old.id
  RETURNING jsonb_build_object('interviews_used', old.interviews_used,
                               'cover_letters_used', old.cover_letters_used) INTO v_before;
  PERFORM admin_audit('usage_reset', p_user_id, v_reason,
                      jsonb_build_object('month', current_usage_month(),
                                         'before', COALESCE(v_before, '{}'::jsonb)));
END;
$$;

-- Billing ---------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION admin_subscriptions(p_user_id UUID, p_limit INTEGER DEFAULT 100)
RETURNS TABLE(id UUID, user_id UUID, email TEXT, plan_name TEXT, status TEXT,
              current_period_end TIMESTAMPTZ, cancel_at_period_end BOOLEAN,
              created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('billing.read');
  RETURN QUERY
  SELECT s.id, s.user_id, u.email::text, s.plan_name, s.status, s.current_period_end,
         COALESCE(s.cancel_at_period_end, false), s.created_at, s.updated_at
  FROM subscriptions s LEFT JOIN auth.users u ON u.id = s.user_id
  WHERE p_user_id IS NULL OR s.user_id = p_user_id
  ORDER BY s.updated_at DESC NULLS LAST LIMIT LEAST(GREATEST(COALESCE(p_limit, 100), 1), 500);
END;
$$;

CREATE OR REPLACE FUNCTION admin_payments(p_user_id UUID, p_limit INTEGER DEFAULT 100)
RETURNS TABLE(id UUID, user_id UUID, email TEXT, amount_cents INTEGER, currency TEXT,
              status TEXT, stripe_invoice_id TEXT, created_at TIMESTAMPTZ)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('billing.read');
  RETURN QUERY
  SELECT p.id, p.user_id, u.email::text, p.amount_cents, p.currency, p.status,
         p.stripe_invoice_id, p.created_at
  FROM payments p LEFT JOIN auth.users u ON u.id = p.user_id
  WHERE p_user_id IS NULL OR p.user_id = p_user_id
  ORDER BY p.created_at DESC LIMIT LEAST(GREATEST(COALESCE(p_limit, 100), 1), 500);
END;
$$;

-- System events ---------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION admin_events(
  p_event_type TEXT, p_user_id UUID, p_since TIMESTAMPTZ, p_limit INTEGER DEFAULT 100
)
RETURNS TABLE(id UUID, event_type TEXT, event_data JSONB, user_id UUID, email TEXT,
              ip_address INET, created_at TIMESTAMPTZ)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('events.read');
  RETURN QUERY
  SELECT e.id, e.event_type, e.event_data, e.user_id, u.email::text, e.ip_address, e.created_at
  FROM system_events e LEFT JOIN auth.users u ON u.id = e.user_id
  WHERE (p_event_type IS NULL OR e.event_type LIKE replace(p_event_type, '*', '%'))
    AND (p_user_id IS NULL OR e.user_id = p_user_id)
    AND (p_since IS NULL OR e.created_at >= p_since)
  ORDER BY e.created_at DESC LIMIT LEAST(GREATEST(COALESCE(p_limit, 100), 1), 1000);
END;
$$;

-- Admins ----------------------------------------------------------------------------------

-- Only a super_admin (or the command line) grants and revokes; nobody grants themselves more.
CREATE OR REPLACE FUNCTION admin_grant(p_email TEXT, p_role TEXT, p_permissions TEXT[])
RETURNS UUID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user UUID;
  v_unknown TEXT;
  v_permissions JSONB;
BEGIN
  PERFORM admin_require('admins.write');
  IF p_role NOT IN ('admin', 'super_admin') THEN
    RAISE EXCEPTION 'role must be admin or super_admin' USING ERRCODE = '22023';
  END IF;
  SELECT p INTO v_unknown FROM unnest(p_permissions) p WHERE NOT (p = ANY (admin_permissions()));
  IF v_unknown IS NOT NULL THEN
    RAISE EXCEPTION 'unknown permission %; known: %', v_unknown,
      array_to_string(admin_permissions(), ', ') USING ERRCODE = '22023';
  END IF;
  SELECT id INTO v_user FROM auth.users WHERE lower(email) = lower(btrim(p_email));
  IF v_user IS NULL THEN
    RAISE EXCEPTION 'no account uses %', p_email USING ERRCODE = 'P0002';
  END IF;
  IF v_user = auth.uid() THEN
    RAISE EXCEPTION 'you cannot change your own admin rights' USING ERRCODE = '22023';
  END IF;
  SELECT COALESCE(jsonb_object_agg(p, true), '{}'::jsonb) INTO v_permissions
  FROM unnest(p_permissions) p;
  INSERT INTO admin_users (user_id, email, role, permissions)
  VALUES (v_user, (SELECT email FROM auth.users WHERE id = v_user), p_role, v_permissions)
  ON CONFLICT (email) DO UPDATE
    SET user_id = EXCLUDED.user_id, role = EXCLUDED.role, permissions = EXCLUDED.permissions;
  PERFORM admin_audit('admin_granted', v_user, 'granted ' || p_role,
                      jsonb_build_object('role', p_role, 'permissions', v_permissions));
  RETURN v_user;
END;
$$;

CREATE OR REPLACE FUNCTION admin_revoke(p_email TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_user UUID;
BEGIN
  PERFORM admin_require('admins.write');
  DELETE FROM admin_users WHERE lower(email) = lower(btrim(p_email)) RETURNING user_id INTO v_user;
  IF NOT FOUND THEN
    RETURN FALSE;
  END IF;
  IF v_user = auth.uid() THEN
    RAISE EXCEPTION 'you cannot change your own admin rights' USING ERRCODE = '22023';
  END IF;
  PERFORM admin_audit('admin_revoked', v_user, 'revoked');
  RETURN TRUE;
END;
$$;

CREATE OR REPLACE FUNCTION admin_list_admins()
RETURNS TABLE(user_id UUID, email TEXT, role TEXT, permissions JSONB, created_at TIMESTAMPTZ)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('users.read');
  RETURN QUERY SELECT a.user_id, a.email, a.role, a.permissions, a.created_at
  FROM admin_users a ORDER BY a.created_at;
END;
$$;

-- Functions: only callers acting as a user, or trusted code, may call them; each checks.
DO $$
DECLARE
  f TEXT;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'admin_caller()', 'admin_require(text)', 'admin_audit(text, uuid, text, jsonb)',
    'admin_search_users(text, integer)', 'admin_sign_ins(uuid, integer)',
    'admin_set_disabled(uuid, boolean, text)', 'admin_reset_usage(uuid, text)',
    'admin_subscriptions(uuid, integer)', 'admin_payments(uuid, integer)',
    'admin_events(text, uuid, timestamptz, integer)', 'admin_grant(text, text, text[])',
    'admin_revoke(text)', 'admin_list_admins()']
  LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    IF f <> 'admin_audit(text, uuid, text, jsonb)' THEN
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO authenticated, service_role', f);
    ELSE
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO service_role', f);
    END IF;
  END LOOP;
END
$$;

-- Key metrics, monitoring queries and consistency checks -----------------------------------
-- The seed's monitoring queries, fixed where they were wrong: months are UTC months (fix 8),
-- and "popular plans" counts every live subscription, not only 'active' ones (fix 6).

CREATE OR REPLACE FUNCTION monitor_active_users_this_month() RETURNS BIGINT
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('metrics.read');
  RETURN (SELECT COUNT(DISTINCT user_id) FROM usage_tracking WHERE month = current_usage_month());
END;
$$;

CREATE OR REPLACE FUNCTION monitor_popular_plans()
RETURNS TABLE(plan_name TEXT, count BIGINT)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('metrics.read');
  RETURN QUERY SELECT s.plan_name, COUNT(*) FROM subscriptions s
  WHERE s.status IN ('active', 'trialing', 'past_due')
  GROUP BY s.plan_name ORDER BY COUNT(*) DESC, s.plan_name;
END;
$$;

CREATE OR REPLACE FUNCTION monitor_interview_completion()
RETURNS TABLE(session_type TEXT, total_sessions BIGINT, completed_sessions BIGINT,
              completion_rate NUMERIC)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('metrics.read');
  RETURN QUERY SELECT i.session_type, COUNT(*),
    COUNT(*) FILTER (WHERE i.status = 'completed'),
    ROUND(COUNT(*) FILTER (WHERE i.status = 'completed') * 100.0 / COUNT(*), 2)
  FROM interview_sessions i WHERE i.created_at >= now() - INTERVAL '30 days'
  GROUP BY i.session_type ORDER BY i.session_type;
END;
$$;

-- Each check: its name, how many rows are wrong, and up to 20 ids of them.
CREATE OR REPLACE FUNCTION monitor_consistency()
RETURNS TABLE(check_name TEXT, problem_count BIGINT, sample_ids TEXT[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('metrics.read');
  RETURN QUERY
  SELECT 'orphaned_profiles', COUNT(*),
         COALESCE((ARRAY_AGG(p.id::text ORDER BY p.created_at))[1:20], '{}')
  FROM profiles p LEFT JOIN auth.users u ON p.user_id = u.id WHERE u.id IS NULL;
  -- The seed counted every subscription row per user; ended ones are history, so only live
  -- ones count (the unique index subscriptions_one_live_per_user should make this zero).
  RETURN QUERY
  SELECT 'duplicate_live_subscriptions', COUNT(*),
         COALESCE((ARRAY_AGG(d.user_id::text ORDER BY d.user_id))[1:20], '{}')
  FROM (SELECT s.user_id FROM subscriptions s
        WHERE s.status NOT IN ('canceled', 'incomplete_expired')
        GROUP BY s.user_id HAVING COUNT(*) > 1) d;
  RETURN QUERY
  SELECT 'users_without_profile', COUNT(*),
         COALESCE((ARRAY_AGG(u.id::text ORDER BY u.created_at))[1:20], '{}')
  FROM auth.users u LEFT JOIN profiles p ON p.user_id = u.id WHERE p.id IS NULL;
END;
$$;

-- Daily series over the last p_days days (UTC), zero-filled, for the console's charts.
CREATE OR REPLACE FUNCTION admin_daily_metrics(p_days INTEGER DEFAULT 30)
RETURNS TABLE(day DATE, new_users BIGINT, total_users BIGINT, interviews BIGINT,
              generations BIGINT, new_paid BIGINT, churned BIGINT, events BIGINT,
              error_events BIGINT, avg_duration_ms NUMERIC)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_days INTEGER := LEAST(GREATEST(COALESCE(p_days, 30), 1), 366);
  v_from DATE := (now() AT TIME ZONE 'UTC')::date - (v_days - 1);
BEGIN
  PERFORM admin_require('metrics.read');
  RETURN QUERY
  WITH days AS (
    SELECT generate_series(v_from, (now() AT TIME ZONE 'UTC')::date, INTERVAL '1 day')::date AS d
  ), users AS (
    SELECT (created_at AT TIME ZONE 'UTC')::date AS d, COUNT(*) AS n FROM auth.users
    WHERE created_at >= v_from GROUP BY 1
  ), before AS (
    SELECT COUNT(*) AS n FROM auth.users WHERE created_at < v_from
  ), sessions AS (
    SELECT (created_at AT TIME ZONE 'UTC')::date AS d, COUNT(*) AS n FROM interview_sessions
    WHERE created_at >= v_from GROUP BY 1
  ), gens AS (
    SELECT (created_at AT TIME ZONE 'UTC')::date AS d, COUNT(*) AS n FROM resume_generations
    WHERE created_at >= v_from GROUP BY 1
  ), paid AS (
    SELECT (s.created_at AT TIME ZONE 'UTC')::date AS d, COUNT(*) AS n
    FROM subscriptions s JOIN plans pl ON pl.name = s.plan_name
    WHERE s.created_at >= v_from AND pl.price_cents > 0 GROUP BY 1
  ), churn AS (
    SELECT (s.updated_at AT TIME ZONE 'UTC')::date AS d, COUNT(*) AS n FROM subscriptions s
    WHERE s.status = 'canceled' AND s.updated_at >= v_from GROUP BY 1
  ), ev AS (
    SELECT (created_at AT TIME ZONE 'UTC')::date AS d, COUNT(*) AS n,
           COUNT(*) FILTER (WHERE event_type ~ '(fail|error)') AS errors,
           AVG((event_data ->> 'duration_ms')::numeric)
             FILTER (WHERE event_data ->> 'duration_ms' ~ '^[0-9]+(\.[0-9]+)?$') AS ms
    FROM system_events WHERE created_at >= v_from GROUP BY 1
  )
  SELECT days.d,
         COALESCE(users.n, 0),
         ((SELECT n FROM before) + SUM(COALESCE(users.n, 0)) OVER (ORDER BY days.d))::bigint,
         COALESCE(sessions.n, 0), COALESCE(gens.n, 0), COALESCE(paid.n, 0),
         COALESCE(churn.n, 0), COALESCE(ev.n, 0), COALESCE(ev.errors, 0), ROUND(ev.ms, 1)
  FROM days
  LEFT JOIN users ON users.d = days.d LEFT JOIN sessions ON sessions.d = days.d
  LEFT JOIN gens ON gens.d = days.d LEFT JOIN paid ON paid.d = days.d
  LEFT JOIN churn ON churn.d = days.d LEFT JOIN ev ON ev.d = days.d
  ORDER BY days.d;
END;
$$;

-- Totals for the headline figures: users, paying users, conversion and churn over 30 days.
CREATE OR REPLACE FUNCTION admin_totals()
RETURNS TABLE(users BIGINT, paying_users BIGINT, canceled_last_30_days BIGINT,
              disabled_users BIGINT)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM admin_require('metrics.read');
  RETURN QUERY SELECT
    (SELECT COUNT(*) FROM auth.users),
    (SELECT COUNT(DISTINCT s.user_id) FROM subscriptions s JOIN plans pl ON pl.name = s.plan_name
     WHERE pl.price_cents > 0 AND s.status IN ('active', 'trialing', 'past_due')),
    (SELECT COUNT(*) FROM subscriptions s
     WHERE s.status = 'canceled' AND s.updated_at >= now() - INTERVAL '30 days'),
    (SELECT COUNT(*) FROM auth.users WHERE banned_until > now());
END;
$$;

DO $$
DECLARE
  f TEXT;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'monitor_active_users_this_month()', 'monitor_popular_plans()',
    'monitor_interview_completion()', 'monitor_consistency()', 'admin_daily_metrics(integer)',
    'admin_totals()']
  LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO authenticated, service_role', f);
  END LOOP;
END
$$;

-- The page shell shows the console's link to admins only: start_request says whether the caller
-- is one (an index lookup), so no page needs a query of its own for it.
DROP FUNCTION IF EXISTS app_auth.start_request(BYTEA, INET);
CREATE FUNCTION app_auth.start_request(p_token_hash BYTEA, p_client_ip INET DEFAULT NULL)
RETURNS TABLE(session_id UUID, user_id UUID, email TEXT, csrf_token TEXT, kind TEXT,
              is_admin BOOLEAN)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  -- Set first, while the transaction still runs as the web server's own role.
  PERFORM set_config('app_auth.client_ip', COALESCE(host(p_client_ip), ''), true);
  IF p_token_hash IS NOT NULL THEN
    SELECT r.session_id, r.user_id, r.email, r.csrf_token, r.kind
      INTO session_id, user_id, email, csrf_token, kind
      FROM app_auth.resolve_session(p_token_hash) r LIMIT 1;
  END IF;
  IF user_id IS NULL THEN
    PERFORM set_config('request.jwt.claims', '{"role":"anon"}', true);
    PERFORM set_config('role', 'anon', true);
    RETURN;
  END IF;
  is_admin := EXISTS (SELECT 1 FROM public.admin_users a WHERE a.user_id = start_request.user_id);
  PERFORM set_config('request.jwt.claims',
    jsonb_build_object('sub', user_id, 'role', 'authenticated', 'email', email,
                       'session_id', session_id, 'aud', 'authenticated')::text, true);
  PERFORM set_config('role', 'authenticated', true);
  RETURN NEXT;
END;
$$;
REVOKE ALL ON FUNCTION app_auth.start_request(BYTEA, INET) FROM PUBLIC;
