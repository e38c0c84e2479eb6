"""The build pipeline: plan, render, write, search index and the state a rebuild compares with.

Takes build options; gives output/.
"""
