"""The branch restructuring workbench's engine: pure Python on pandas and PuLP.

This package never imports streamlit; the app's pages call into it.
"""

__version__ = "0.1.0"
