"""The account lifecycle by email: password reset, email verification, email change."""
