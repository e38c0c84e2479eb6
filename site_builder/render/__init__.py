"""Render the model through Jinja templates, with per-language catalogs and formatting.

Takes a Site; gives (path, bytes) for every file of the site.
"""
