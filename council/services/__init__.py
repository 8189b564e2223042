"""The city's services, which receive recommendations and answer them."""
