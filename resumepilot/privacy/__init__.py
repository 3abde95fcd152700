"""Privacy: "Download my data" (a zip of every row and file about a user) and account deletion."""
