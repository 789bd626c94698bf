"""The prompts, as text files: installed as `assistant.prompts` (pyproject.toml) and read with importlib.resources."""
