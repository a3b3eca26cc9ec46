"""Parts of the web chat, each with one job; `ui/app.py` puts them on the page."""
