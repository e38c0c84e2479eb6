"""Assemble the one frozen site model: entries, people, topics, events, figures, their URLs.

Takes validated source documents; gives a Site.
"""
