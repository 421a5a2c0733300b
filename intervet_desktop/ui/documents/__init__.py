"""Documents in the UI: the generate dialog, its summary, the actions on the Mobilities list."""
