"""The chat page (Gradio): `assistant serve` and `python app.py` call `web.page.launch`."""
