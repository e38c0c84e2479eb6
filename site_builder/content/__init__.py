"""Read the content folder: files, YAML with positions, schemas, validation.

Takes content/ (and translations/ for its checks); gives source documents and problems.
"""
