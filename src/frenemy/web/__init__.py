"""The REST API and web dashboard: FastAPI app, dashboard queries, charts, templates."""
