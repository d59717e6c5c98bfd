"""Watch: keeps a database current, round after round, and announces the alerts that are new."""
