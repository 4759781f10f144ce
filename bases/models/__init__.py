from .bases import *  # noqa: F403
