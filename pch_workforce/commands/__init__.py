"""One module per CLI command; ``pch_workforce.cli`` assembles them."""
