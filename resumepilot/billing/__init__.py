"""Plans, usage limits and Stripe subscriptions."""
