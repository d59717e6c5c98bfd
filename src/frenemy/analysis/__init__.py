"""Relations over stored events: dyads, status, alerts, and the signed network."""
