"""The `assistant` command (main.py), a thin layer over assistant.api; console.py is what it prints with, which
the evals' command shares."""
