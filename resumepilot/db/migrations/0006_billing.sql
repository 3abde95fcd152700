-- Billing through Stripe: one Stripe customer per user, the cancellation and grace facts the
-- subscriptions table lacked, and a past_due grace that starts when the payment failed.

-- One Stripe customer per user. The row is created (and locked) before Stripe is asked for a
-- customer, so parallel upgrade clicks of one user serialise on it and share one customer.
-- open_checkout_session_id is the one Checkout session a user may have open at a time: a new one
-- expires the old one at Stripe first, so two tabs cannot buy two subscriptions.
CREATE TABLE IF NOT EXISTS billing_customers (
  user_id UUID PRIMARY KEY REFERENCES auth.users(id) ON DELETE CASCADE,
  stripe_customer_id TEXT UNIQUE,
  open_checkout_session_id TEXT,
  open_checkout_expires_at TIMESTAMP WITH TIME ZONE,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
DROP TRIGGER IF EXISTS update_billing_customers_updated_at ON billing_customers;
CREATE TRIGGER update_billing_customers_updated_at
  BEFORE UPDATE ON billing_customers
  FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- Written only by trusted billing code (service_role); users have no access at all.
ALTER TABLE billing_customers ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON billing_customers TO service_role;

ALTER TABLE subscriptions
  -- Stripe's price, so a plan renamed or re-priced later can still be traced.
  ADD COLUMN IF NOT EXISTS stripe_price_id TEXT,
  -- A scheduled end other than the period end (Stripe's cancel_at), and when it ended.
  ADD COLUMN IF NOT EXISTS cancel_at TIMESTAMP WITH TIME ZONE,
  ADD COLUMN IF NOT EXISTS canceled_at TIMESTAMP WITH TIME ZONE,
  -- When the subscription last entered past_due: the grace period counts from here.
  ADD COLUMN IF NOT EXISTS past_due_since TIMESTAMP WITH TIME ZONE;

CREATE INDEX IF NOT EXISTS idx_payments_stripe_subscription_id ON payments(stripe_subscription_id);
CREATE INDEX IF NOT EXISTS idx_stripe_events_unprocessed ON stripe_events(received_at)
  WHERE processed_at IS NULL;

-- Stripe advances current_period_end as soon as a renewal invoice is created, so a grace counted
-- from the period end would last a whole month; count it from when the payment failed.
CREATE OR REPLACE FUNCTION effective_plan_name(p_user_id UUID) RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT COALESCE((
    SELECT s.plan_name FROM public.subscriptions s
    WHERE s.user_id = p_user_id
      AND (s.status IN ('active', 'trialing')
           OR (s.status = 'past_due'
               AND now() < COALESCE(s.past_due_since, s.current_period_end, s.updated_at)
                           + past_due_grace()))
    ORDER BY s.updated_at DESC
    LIMIT 1
  ), 'starter')
$$;
REVOKE EXECUTE ON FUNCTION effective_plan_name(UUID) FROM PUBLIC;
-- Billing code (service_role) compares the plan a user gets before and after a Stripe change.
GRANT EXECUTE ON FUNCTION effective_plan_name(UUID) TO service_role;
