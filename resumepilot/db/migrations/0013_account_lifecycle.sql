-- Account lifecycle (issue #13): one-time tokens mailed to users (password reset, email
-- verification), email changes confirmed from both addresses, and the requests that sent mail
-- (for rate limits). Tokens are stored by their SHA-256 only, like sessions.

CREATE TABLE IF NOT EXISTS app_auth.account_tokens (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
  token_hash BYTEA NOT NULL UNIQUE,
  -- The address the token was sent to: verifying it must not confirm a later address.
  email TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS account_tokens_user_idx ON app_auth.account_tokens (user_id, purpose);
CREATE INDEX IF NOT EXISTS account_tokens_expires_idx ON app_auth.account_tokens (expires_at);

CREATE TABLE IF NOT EXISTS app_auth.email_changes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  old_email TEXT NOT NULL,
  new_email TEXT NOT NULL,
  old_token_hash BYTEA NOT NULL UNIQUE,
  new_token_hash BYTEA NOT NULL UNIQUE,
  old_confirmed_at TIMESTAMPTZ,
  new_confirmed_at TIMESTAMPTZ,
  expires_at TIMESTAMPTZ NOT NULL,
  -- Set when the change was applied, or when a newer request replaced this one.
  closed_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS email_changes_user_idx ON app_auth.email_changes (user_id);
CREATE INDEX IF NOT EXISTS email_changes_expires_idx ON app_auth.email_changes (expires_at);

-- Who asked for mail, for the limits (the address is kept lower-case, for one hour or so).
CREATE TABLE IF NOT EXISTS app_auth.mail_requests (
  id BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL,
  email TEXT NOT NULL,
  ip_address INET,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS mail_requests_email_idx ON app_auth.mail_requests (email, created_at);
CREATE INDEX IF NOT EXISTS mail_requests_ip_idx ON app_auth.mail_requests (ip_address, created_at);

GRANT SELECT, INSERT, UPDATE, DELETE
  ON app_auth.account_tokens, app_auth.email_changes, app_auth.mail_requests TO service_role;
GRANT USAGE ON SEQUENCE app_auth.mail_requests_id_seq TO service_role;
