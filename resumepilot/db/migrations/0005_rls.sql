-- fix 4: row-level security on every table with user data. A user sees and changes only their
-- own rows; nobody raises their own usage, plan or admin rights; admins read through is_admin();
-- anon sees nothing but the public plan list. Table privileges are granted table by table, never
-- "ON ALL TABLES", so a table added later starts closed.

ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_tracking ENABLE ROW LEVEL SECURITY;
ALTER TABLE resume_bullets ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview_turns ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview_transcripts ENABLE ROW LEVEL SECURITY;
ALTER TABLE resume_generations ENABLE ROW LEVEL SECURITY;
ALTER TABLE resume_downloads ENABLE ROW LEVEL SECURITY;
ALTER TABLE admin_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE system_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE stripe_events ENABLE ROW LEVEL SECURITY;

-- profiles: own row; only the descriptive columns are writable.
GRANT SELECT ON profiles TO authenticated;
GRANT UPDATE (full_name, job_title, company) ON profiles TO authenticated;
GRANT INSERT (user_id, full_name, job_title, company) ON profiles TO authenticated;
CREATE POLICY "Users can view own profile" ON profiles
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Users can update own profile" ON profiles
  FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY "Users can insert own profile" ON profiles
  FOR INSERT TO authenticated WITH CHECK (auth.uid() = user_id);
CREATE POLICY "Admins can view all profiles" ON profiles
  FOR SELECT TO authenticated USING (is_admin());

-- subscriptions: read-only for users; written by the billing webhooks (trusted).
GRANT SELECT ON subscriptions TO authenticated;
CREATE POLICY "Users can view own subscription" ON subscriptions
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Admins can view all subscriptions" ON subscriptions
  FOR SELECT TO authenticated USING (is_admin());

-- usage_tracking: fix 2, read-only; try_consume_usage() is the only writer.
GRANT SELECT ON usage_tracking TO authenticated;
CREATE POLICY "Users can view own usage" ON usage_tracking
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Admins can view all usage" ON usage_tracking
  FOR SELECT TO authenticated USING (is_admin());

-- resume_bullets: the user's own material, every verb.
GRANT SELECT, INSERT, UPDATE, DELETE ON resume_bullets TO authenticated;
CREATE POLICY "Users manage own bullets" ON resume_bullets
  FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY "Admins can view all bullets" ON resume_bullets
  FOR SELECT TO authenticated USING (is_admin());

-- interview_sessions: created only by start_interview_session() (which takes a credit).
GRANT SELECT, DELETE ON interview_sessions TO authenticated;
GRANT UPDATE (status, turns_count, duration_seconds, completed_at, role_type)
  ON interview_sessions TO authenticated;
CREATE POLICY "Users view own sessions" ON interview_sessions
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Users update own sessions" ON interview_sessions
  FOR UPDATE TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY "Users delete own sessions" ON interview_sessions
  FOR DELETE TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Admins can view all sessions" ON interview_sessions
  FOR SELECT TO authenticated USING (is_admin());

-- interview_turns: through the session they belong to; turns are a record, never edited.
CREATE OR REPLACE FUNCTION owns_interview_session(p_session_id UUID) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM public.interview_sessions s
                 WHERE s.id = p_session_id AND s.user_id = auth.uid())
$$;
GRANT SELECT, INSERT, DELETE ON interview_turns TO authenticated;
CREATE POLICY "Users view own turns" ON interview_turns
  FOR SELECT TO authenticated USING (owns_interview_session(session_id));
CREATE POLICY "Users add turns to own sessions" ON interview_turns
  FOR INSERT TO authenticated WITH CHECK (owns_interview_session(session_id));
CREATE POLICY "Users delete own turns" ON interview_turns
  FOR DELETE TO authenticated USING (owns_interview_session(session_id));
CREATE POLICY "Admins can view all turns" ON interview_turns
  FOR SELECT TO authenticated USING (is_admin());

-- interview_transcripts: own rows; transcripts are a record, never edited.
GRANT SELECT, INSERT, DELETE ON interview_transcripts TO authenticated;
CREATE POLICY "Users view own transcripts" ON interview_transcripts
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Users add own transcripts" ON interview_transcripts
  FOR INSERT TO authenticated WITH CHECK (auth.uid() = user_id);
CREATE POLICY "Users delete own transcripts" ON interview_transcripts
  FOR DELETE TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Admins can view all transcripts" ON interview_transcripts
  FOR SELECT TO authenticated USING (is_admin());

-- resume_generations: own rows, every verb.
GRANT SELECT, INSERT, UPDATE, DELETE ON resume_generations TO authenticated;
CREATE POLICY "Users manage own generations" ON resume_generations
  FOR ALL TO authenticated USING (auth.uid() = user_id) WITH CHECK (auth.uid() = user_id);
CREATE POLICY "Admins can view all generations" ON resume_generations
  FOR SELECT TO authenticated USING (is_admin());

-- resume_downloads: read through the generation; counted only by record_download().
CREATE OR REPLACE FUNCTION owns_resume_generation(p_generation_id UUID) RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM public.resume_generations g
                 WHERE g.id = p_generation_id AND g.user_id = auth.uid())
$$;
GRANT SELECT ON resume_downloads TO authenticated;
CREATE POLICY "Users view own downloads" ON resume_downloads
  FOR SELECT TO authenticated USING (owns_resume_generation(generation_id));
CREATE POLICY "Admins can view all downloads" ON resume_downloads
  FOR SELECT TO authenticated USING (is_admin());

-- admin_users: a user may see their own admin row; admins see all; nobody grants themselves.
GRANT SELECT ON admin_users TO authenticated;
CREATE POLICY "Users view own admin row" ON admin_users
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Admins view all admin rows" ON admin_users
  FOR SELECT TO authenticated USING (is_admin());

-- system_events: a user reads their own security history; written by record_system_event().
GRANT SELECT ON system_events TO authenticated;
CREATE POLICY "Users view own events" ON system_events
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Admins view all events" ON system_events
  FOR SELECT TO authenticated USING (is_admin());

-- payments: read-only, own rows; written by the billing webhooks.
GRANT SELECT ON payments TO authenticated;
CREATE POLICY "Users view own payments" ON payments
  FOR SELECT TO authenticated USING (auth.uid() = user_id);
CREATE POLICY "Admins view all payments" ON payments
  FOR SELECT TO authenticated USING (is_admin());

-- plans: public price list.
GRANT SELECT ON plans TO anon, authenticated;
CREATE POLICY "Anyone can read plans" ON plans FOR SELECT TO anon, authenticated USING (true);

-- stripe_events: no user access at all (RLS on, no policy, no grant).

-- Functions: callable only by the roles that need them.
REVOKE EXECUTE ON FUNCTION try_consume_usage(UUID, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION increment_usage(UUID, TEXT, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION get_user_subscription_status(UUID) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION record_download(UUID, TEXT, INTEGER) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION record_system_event(TEXT, JSONB, UUID, INET, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION start_interview_session(TEXT, TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION effective_plan_name(UUID) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION handle_new_user() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION try_consume_usage(UUID, TEXT) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION increment_usage(UUID, TEXT, TEXT) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION get_user_subscription_status(UUID) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION record_download(UUID, TEXT, INTEGER) TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION record_system_event(TEXT, JSONB, UUID, INET, TEXT)
  TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION start_interview_session(TEXT, TEXT) TO authenticated;
GRANT EXECUTE ON FUNCTION is_admin() TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION owns_interview_session(UUID) TO authenticated;
GRANT EXECUTE ON FUNCTION owns_resume_generation(UUID) TO authenticated;

-- service_role (trusted jobs, billing) works on every table, bypassing RLS like Supabase's.
GRANT SELECT, INSERT, UPDATE, DELETE ON profiles, subscriptions, usage_tracking, resume_bullets,
  interview_sessions, interview_turns, interview_transcripts, resume_generations, resume_downloads,
  admin_users, system_events, payments, plans, stripe_events TO service_role;
