"""The Reports page's pieces: a chart card (a matplotlib canvas) and its palette style.

Importing this package imports matplotlib (~450 ms), so only the Reports page does, when it
is first built.
"""
