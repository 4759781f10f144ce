"""Innovation practice bases (创新实践基地) and practice sites (实践点位)."""
