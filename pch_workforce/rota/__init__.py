"""General rostering engine (CP-SAT): typed problem -> model -> solve -> report, plus an
independent checker. Knows nothing of Excel or PCH."""
