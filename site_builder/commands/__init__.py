"""The command line and the live preview, on top of the build.

Takes argv; gives exit codes.
"""
