-- Functions of the specification, fixed (DESIGN.md section 4), and the SECURITY DEFINER functions
-- through which users change what they may not write directly.

-- fix 4: admin checks run as the owner, so a policy calling this does not recurse into
-- admin_users' own policies.
CREATE OR REPLACE FUNCTION is_admin() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT auth.uid() IS NOT NULL
     AND EXISTS (SELECT 1 FROM public.admin_users WHERE user_id = auth.uid())
$$;

-- Callers acting for a user (anon, authenticated) may only act for themselves; trusted code
-- (the owner, service_role, jobs) may act for anyone. Inside a SECURITY DEFINER function
-- current_user is the owner, but the 'role' setting still names the role the caller switched to.
CREATE OR REPLACE FUNCTION assert_acting_for(p_user_id UUID) RETURNS VOID
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF current_setting('role') IN ('anon', 'authenticated')
     AND p_user_id IS DISTINCT FROM auth.uid()
     AND NOT is_admin() THEN
    RAISE EXCEPTION 'not allowed to act for another user' USING ERRCODE = '42501';
  END IF;
END;
$$;

-- fix 8: months are UTC months whatever the session time zone.
CREATE OR REPLACE FUNCTION current_usage_month() RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')
$$;

-- Days a past_due subscription keeps its plan while Stripe retries the payment.
CREATE OR REPLACE FUNCTION past_due_grace() RETURNS INTERVAL
LANGUAGE sql IMMUTABLE AS $$ SELECT INTERVAL '7 days' $$;

-- The subscription that decides a user's plan: the live one, if any.
CREATE OR REPLACE FUNCTION effective_plan_name(p_user_id UUID) RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT COALESCE((
    SELECT s.plan_name FROM public.subscriptions s
    WHERE s.user_id = p_user_id
      AND (s.status IN ('active', 'trialing')
           OR (s.status = 'past_due'
               AND now() < COALESCE(s.current_period_end, s.updated_at) + past_due_grace()))
    ORDER BY s.updated_at DESC
    LIMIT 1
  ), 'starter')
$$;

CREATE OR REPLACE FUNCTION get_user_subscription_status(p_user_id UUID)
RETURNS TABLE(
  plan_name TEXT,
  status TEXT,
  interviews_remaining INTEGER,
  cover_letters_remaining INTEGER,
  is_admin BOOLEAN
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM assert_acting_for(p_user_id);
  RETURN QUERY
  WITH admin AS (
    SELECT EXISTS (SELECT 1 FROM admin_users a WHERE a.user_id = p_user_id) AS yes
  ), live AS (
    SELECT s.status FROM subscriptions s
    WHERE s.user_id = p_user_id AND s.status NOT IN ('canceled', 'incomplete_expired')
    ORDER BY s.updated_at DESC LIMIT 1
  ), plan AS (
    -- fix 1: no subscription row means the starter plan, with its limits.
    SELECT p.* FROM plans p WHERE p.name = effective_plan_name(p_user_id)
  ), used AS (
    SELECT ut.interviews_used, ut.cover_letters_used FROM usage_tracking ut
    WHERE ut.user_id = p_user_id AND ut.month = current_usage_month()
  )
  SELECT
    plan.name,
    COALESCE((SELECT live.status FROM live), 'none'),
    CASE WHEN admin.yes OR plan.interviews_per_month < 0 THEN -1
         ELSE GREATEST(plan.interviews_per_month - COALESCE((SELECT interviews_used FROM used), 0), 0)
    END,
    CASE WHEN admin.yes OR plan.cover_letters_per_month < 0 THEN -1
         ELSE GREATEST(plan.cover_letters_per_month - COALESCE((SELECT cover_letters_used FROM used), 0), 0)
    END,
    admin.yes
  FROM auth.users u, admin, plan
  WHERE u.id = p_user_id;
END;
$$;

-- fix 2 and 3: the only way usage changes. One INSERT ... ON CONFLICT DO UPDATE ... WHERE takes
-- the row lock and re-checks the limit on the latest row version, so N parallel calls on one
-- remaining unit grant exactly one.
CREATE OR REPLACE FUNCTION try_consume_usage(p_user_id UUID, p_action TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_limit INTEGER;
  v_interview INTEGER := CASE WHEN p_action = 'interview' THEN 1 ELSE 0 END;
  v_cover INTEGER := CASE WHEN p_action = 'cover_letter' THEN 1 ELSE 0 END;
  v_granted BOOLEAN;
BEGIN
  IF p_action IS NULL OR p_action NOT IN ('interview', 'cover_letter') THEN
    RAISE EXCEPTION 'unknown usage action: %', p_action USING ERRCODE = '22023';
  END IF;
  PERFORM assert_acting_for(p_user_id);
  IF NOT EXISTS (SELECT 1 FROM auth.users WHERE id = p_user_id) THEN
    RETURN FALSE;
  END IF;

  IF EXISTS (SELECT 1 FROM admin_users WHERE user_id = p_user_id) THEN
    v_limit := -1;
  ELSE
    SELECT CASE WHEN p_action = 'interview' THEN p.interviews_per_month
                ELSE p.cover_letters_per_month END
      INTO v_limit
      FROM plans p WHERE p.name = effective_plan_name(p_user_id);
  END IF;
  IF v_limit = 0 THEN
    RETURN FALSE;
  END IF;

  INSERT INTO usage_tracking AS ut (user_id, month, interviews_used, cover_letters_used)
  VALUES (p_user_id, current_usage_month(), v_interview, v_cover)
  ON CONFLICT (user_id, month) DO UPDATE
    SET interviews_used = ut.interviews_used + v_interview,
        cover_letters_used = ut.cover_letters_used + v_cover
    WHERE v_limit < 0
       OR (CASE WHEN v_interview = 1 THEN ut.interviews_used ELSE ut.cover_letters_used END) < v_limit
  RETURNING TRUE INTO v_granted;
  RETURN COALESCE(v_granted, FALSE);
END;
$$;

-- The specification's function, kept for its callers: now limit-checked and atomic, and it
-- refuses instead of counting past the limit. p_month is accepted but only the current UTC month
-- can be consumed, so nobody can pre-spend or rewrite history.
CREATE OR REPLACE FUNCTION increment_usage(
  p_user_id UUID,
  p_action TEXT,
  p_month TEXT DEFAULT NULL
)
RETURNS VOID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_month IS NOT NULL AND p_month <> current_usage_month() THEN
    RAISE EXCEPTION 'usage can only be recorded for the current month (%)', current_usage_month()
      USING ERRCODE = '22023';
  END IF;
  IF NOT try_consume_usage(p_user_id, p_action) THEN
    RAISE EXCEPTION 'monthly % limit reached', p_action USING ERRCODE = 'P0001';
  END IF;
END;
$$;

-- fix 12: one atomic statement per download, only for the caller's own generation.
CREATE OR REPLACE FUNCTION record_download(
  p_generation_id UUID, p_format TEXT, p_file_size_bytes INTEGER DEFAULT NULL
) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_owner UUID;
  v_count INTEGER;
BEGIN
  SELECT user_id INTO v_owner FROM resume_generations WHERE id = p_generation_id;
  IF v_owner IS NULL THEN
    RAISE EXCEPTION 'no such resume' USING ERRCODE = 'P0002';
  END IF;
  PERFORM assert_acting_for(v_owner);
  INSERT INTO resume_downloads AS d (generation_id, format, file_size_bytes, download_count)
  VALUES (p_generation_id, p_format, p_file_size_bytes, 1)
  ON CONFLICT (generation_id, format) DO UPDATE
    SET download_count = COALESCE(d.download_count, 0) + 1,
        file_size_bytes = COALESCE(EXCLUDED.file_size_bytes, d.file_size_bytes)
  RETURNING download_count INTO v_count;
  RETURN v_count;
END;
$$;

-- Audit rows are written only through this function: a user can log events about themselves,
-- never forge one about somebody else.
CREATE OR REPLACE FUNCTION record_system_event(
  p_event_type TEXT, p_event_data JSONB, p_user_id UUID, p_ip INET, p_user_agent TEXT
) RETURNS UUID
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_id UUID;
BEGIN
  IF p_user_id IS NOT NULL THEN
    PERFORM assert_acting_for(p_user_id);
  END IF;
  INSERT INTO system_events (event_type, event_data, user_id, ip_address, user_agent)
  VALUES (left(p_event_type, 100), p_event_data, p_user_id, p_ip, left(p_user_agent, 500))
  RETURNING id INTO v_id;
  RETURN v_id;
END;
$$;
