"""Project configuration. Imported as ``config`` (see pyproject.toml for why not ``site``)."""
