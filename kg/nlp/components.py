"""kg's own spaCy components, registered by name so pipeline configs can use them."""
