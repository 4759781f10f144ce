"""Deployment checks of our own (run by `manage.py check --deploy`)."""
