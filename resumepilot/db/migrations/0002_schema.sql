-- The specification's tables (seed/database.md), names and types kept, with the fixes of
-- DESIGN.md section 4 marked "fix N".

-- fix 7: plan limits are data. -1 means unlimited.
CREATE TABLE IF NOT EXISTS plans (
  name TEXT PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
  display_name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  interviews_per_month INTEGER NOT NULL CHECK (interviews_per_month >= -1),
  cover_letters_per_month INTEGER NOT NULL CHECK (cover_letters_per_month >= -1),
  price_cents INTEGER NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
  currency TEXT NOT NULL DEFAULT 'usd',
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

INSERT INTO plans (name, display_name, description, interviews_per_month, cover_letters_per_month,
                   price_cents, sort_order) VALUES
  ('starter', 'Starter', 'Try one mock interview a month.', 1, 0, 0, 1),
  ('pro', 'Pro', 'For an active job search.', 10, 0, 1900, 2),
  ('career', 'Career', 'Interviews and tailored cover letters.', 30, 3, 3900, 3),
  ('coach', 'Coach', 'Unlimited, for coaches and power users.', -1, -1, 9900, 4)
ON CONFLICT (name) DO NOTHING;

CREATE TABLE IF NOT EXISTS profiles (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
  full_name TEXT,
  job_title TEXT,
  company TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  -- One profile per account; the sign-up trigger creates it.
  CONSTRAINT profiles_user_id_key UNIQUE (user_id)
);
CREATE INDEX IF NOT EXISTS idx_profiles_user_id ON profiles(user_id);
CREATE INDEX IF NOT EXISTS idx_profiles_created_at ON profiles(created_at);

CREATE TABLE IF NOT EXISTS subscriptions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
  stripe_customer_id TEXT,
  stripe_subscription_id TEXT UNIQUE,
  -- fix 7: any plan in the plans table, not a hard-coded list.
  plan_name TEXT NOT NULL REFERENCES plans(name),
  -- fix 6: Stripe's whole set of subscription statuses.
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN (
    'active', 'trialing', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired',
    'paused')),
  current_period_start TIMESTAMP WITH TIME ZONE,
  current_period_end TIMESTAMP WITH TIME ZONE,
  cancel_at_period_end BOOLEAN DEFAULT FALSE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  -- Stripe's own timestamp of the state stored here, so older events never overwrite newer ones.
  stripe_updated_at TIMESTAMP WITH TIME ZONE
);
-- The specification makes stripe_customer_id UNIQUE per row, which forbids a customer's second
-- subscription after a cancellation; one customer per user is kept by this index instead.
CREATE INDEX IF NOT EXISTS idx_subscriptions_user_id ON subscriptions(user_id);
CREATE INDEX IF NOT EXISTS idx_subscriptions_stripe_customer_id ON subscriptions(stripe_customer_id);
CREATE INDEX IF NOT EXISTS idx_subscriptions_status ON subscriptions(status);
CREATE INDEX IF NOT EXISTS idx_subscriptions_plan_name ON subscriptions(plan_name);
-- fix 5: at most one live subscription per user; ended ones stay as history.
CREATE UNIQUE INDEX IF NOT EXISTS subscriptions_one_live_per_user
  ON subscriptions(user_id) WHERE status NOT IN ('canceled', 'incomplete_expired');

CREATE TABLE IF NOT EXISTS usage_tracking (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
  month TEXT NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'), -- Format: YYYY-MM, UTC
  interviews_used INTEGER NOT NULL DEFAULT 0 CHECK (interviews_used >= 0),
  cover_letters_used INTEGER NOT NULL DEFAULT 0 CHECK (cover_letters_used >= 0),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  UNIQUE(user_id, month)
);
CREATE INDEX IF NOT EXISTS idx_usage_tracking_user_id ON usage_tracking(user_id);
CREATE INDEX IF NOT EXISTS idx_usage_tracking_month ON usage_tracking(month);
CREATE INDEX IF NOT EXISTS idx_usage_tracking_user_month ON usage_tracking(user_id, month);

CREATE TABLE IF NOT EXISTS resume_bullets (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
  question TEXT NOT NULL,
  transcript TEXT NOT NULL,
  bullets JSONB NOT NULL,
  role TEXT,
  experience TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_resume_bullets_user_id ON resume_bullets(user_id);
CREATE INDEX IF NOT EXISTS idx_resume_bullets_created_at ON resume_bullets(created_at);
CREATE INDEX IF NOT EXISTS idx_resume_bullets_role ON resume_bullets(role);
CREATE INDEX IF NOT EXISTS idx_resume_bullets_bullets_gin ON resume_bullets USING GIN (bullets);

CREATE TABLE IF NOT EXISTS interview_sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
  session_type TEXT NOT NULL CHECK (session_type IN ('voice', 'chat', 'resume_analyzer')),
  role_type TEXT,
  duration_seconds INTEGER,
  turns_count INTEGER DEFAULT 0,
  status TEXT DEFAULT 'active' CHECK (status IN ('active', 'completed', 'abandoned')),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  completed_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS idx_interview_sessions_user_id ON interview_sessions(user_id);
CREATE INDEX IF NOT EXISTS idx_interview_sessions_created_at ON interview_sessions(created_at);
CREATE INDEX IF NOT EXISTS idx_interview_sessions_status ON interview_sessions(status);

CREATE TABLE IF NOT EXISTS interview_turns (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id UUID REFERENCES interview_sessions(id) ON DELETE CASCADE,
  speaker TEXT NOT NULL CHECK (speaker IN ('user', 'ai')),
  message TEXT NOT NULL,
  turn_number INTEGER NOT NULL,
  audio_url TEXT, -- For voice interviews
  processing_time_ms INTEGER,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  -- fix 11: a turn number is unique within its session (this index also serves lookups).
  CONSTRAINT interview_turns_session_turn_key UNIQUE (session_id, turn_number)
);
CREATE INDEX IF NOT EXISTS idx_interview_turns_session_id ON interview_turns(session_id);
CREATE INDEX IF NOT EXISTS idx_interview_turns_speaker ON interview_turns(speaker);

CREATE TABLE IF NOT EXISTS interview_transcripts (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
  audio_file_url TEXT NOT NULL,
  transcript_text TEXT NOT NULL,
  confidence_score DECIMAL(3,2),
  processing_time_ms INTEGER,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_interview_transcripts_user_id ON interview_transcripts(user_id);
CREATE INDEX IF NOT EXISTS idx_interview_transcripts_created_at ON interview_transcripts(created_at);

CREATE TABLE IF NOT EXISTS resume_generations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
  -- fix 9: a resume outlives the interview that fed it, so deleting the interview (or the
  -- account, which cascades both) unlinks it instead of failing.
  session_id UUID REFERENCES interview_sessions(id) ON DELETE SET NULL,
  template_name TEXT NOT NULL,
  role_type TEXT NOT NULL,
  resume_data JSONB NOT NULL,
  latex_content TEXT,
  generation_status TEXT DEFAULT 'processing' CHECK (generation_status IN ('processing', 'completed', 'failed')),
  error_message TEXT,
  processing_time_ms INTEGER,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  completed_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS idx_resume_generations_user_id ON resume_generations(user_id);
CREATE INDEX IF NOT EXISTS idx_resume_generations_status ON resume_generations(generation_status);
CREATE INDEX IF NOT EXISTS idx_resume_generations_created_at ON resume_generations(created_at);

CREATE TABLE IF NOT EXISTS resume_downloads (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  generation_id UUID REFERENCES resume_generations(id) ON DELETE CASCADE,
  format TEXT NOT NULL CHECK (format IN ('latex', 'pdf', 'word', 'overleaf')),
  file_url TEXT,
  file_size_bytes INTEGER,
  download_count INTEGER DEFAULT 0,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  -- fix 12: one counter row per generation and format, incremented by record_download().
  CONSTRAINT resume_downloads_generation_format_key UNIQUE (generation_id, format)
);
CREATE INDEX IF NOT EXISTS idx_resume_downloads_generation_id ON resume_downloads(generation_id);
CREATE INDEX IF NOT EXISTS idx_resume_downloads_format ON resume_downloads(format);

CREATE TABLE IF NOT EXISTS admin_users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE,
  role TEXT DEFAULT 'admin' CHECK (role IN ('admin', 'super_admin')),
  permissions JSONB DEFAULT '{}',
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_admin_users_user_id ON admin_users(user_id);
CREATE INDEX IF NOT EXISTS idx_admin_users_email ON admin_users(email);

CREATE TABLE IF NOT EXISTS system_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  event_type TEXT NOT NULL,
  event_data JSONB,
  -- fix 9: audit rows outlive the account they mention.
  user_id UUID REFERENCES auth.users(id) ON DELETE SET NULL,
  ip_address INET,
  user_agent TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_system_events_event_type ON system_events(event_type);
CREATE INDEX IF NOT EXISTS idx_system_events_created_at ON system_events(created_at);
CREATE INDEX IF NOT EXISTS idx_system_events_user_id ON system_events(user_id);

-- fix 10: the payments table the seed's migrations name but never define: invoices paid and failed.
CREATE TABLE IF NOT EXISTS payments (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID REFERENCES auth.users(id) ON DELETE CASCADE,
  subscription_id UUID REFERENCES subscriptions(id) ON DELETE SET NULL,
  stripe_invoice_id TEXT NOT NULL UNIQUE,
  stripe_customer_id TEXT,
  stripe_subscription_id TEXT,
  amount_cents INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('paid', 'failed')),
  period_start TIMESTAMP WITH TIME ZONE,
  period_end TIMESTAMP WITH TIME ZONE,
  hosted_invoice_url TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_payments_user_id ON payments(user_id);
CREATE INDEX IF NOT EXISTS idx_payments_created_at ON payments(created_at);

-- Stripe webhook events stored by id, so a redelivery changes nothing.
CREATE TABLE IF NOT EXISTS stripe_events (
  id TEXT PRIMARY KEY,
  event_type TEXT NOT NULL,
  payload JSONB NOT NULL,
  stripe_created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  received_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  processed_at TIMESTAMP WITH TIME ZONE,
  last_error TEXT
);

CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
  NEW.updated_at = NOW();
  RETURN NEW;
END;
$$ language 'plpgsql';

DROP TRIGGER IF EXISTS update_profiles_updated_at ON profiles;
CREATE TRIGGER update_profiles_updated_at
  BEFORE UPDATE ON profiles
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

DROP TRIGGER IF EXISTS update_subscriptions_updated_at ON subscriptions;
CREATE TRIGGER update_subscriptions_updated_at
  BEFORE UPDATE ON subscriptions
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

DROP TRIGGER IF EXISTS update_usage_tracking_updated_at ON usage_tracking;
CREATE TRIGGER update_usage_tracking_updated_at
  BEFORE UPDATE ON usage_tracking
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

DROP TRIGGER IF EXISTS update_plans_updated_at ON plans;
CREATE TRIGGER update_plans_updated_at
  BEFORE UPDATE ON plans
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

DROP TRIGGER IF EXISTS update_payments_updated_at ON payments;
CREATE TRIGGER update_payments_updated_at
  BEFORE UPDATE ON payments
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- Only where we own auth.users (Supabase maintains its own updated_at).
DO $$
BEGIN
  IF (SELECT tableowner FROM pg_tables WHERE schemaname = 'auth' AND tablename = 'users')
     = current_user THEN
    DROP TRIGGER IF EXISTS update_auth_users_updated_at ON auth.users;
    CREATE TRIGGER update_auth_users_updated_at
      BEFORE UPDATE ON auth.users
      FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
  END IF;
END
$$;

-- Every account gets its profile row, as Supabase projects usually do with a trigger.
CREATE OR REPLACE FUNCTION handle_new_user() RETURNS TRIGGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO public.profiles (user_id, full_name)
  VALUES (NEW.id, NULLIF(NEW.raw_user_meta_data ->> 'full_name', ''))
  ON CONFLICT (user_id) DO NOTHING;
  RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS on_auth_user_created ON auth.users;
CREATE TRIGGER on_auth_user_created
  AFTER INSERT ON auth.users
  FOR EACH ROW EXECUTE FUNCTION handle_new_user();
