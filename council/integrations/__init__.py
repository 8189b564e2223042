"""Admin pages for the services' integrations: API tokens and webhook addresses."""
