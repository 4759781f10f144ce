"""No models of its own: post_migrate is only sent to apps with a models module."""
