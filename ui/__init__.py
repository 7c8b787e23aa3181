"""Streamlit-side helpers of the workbench: session state, language, navigation, sidebar,
friendly errors and table formatting. Everything here may import streamlit; ``planner``
never imports this package. Pages stay thin: they call these helpers and ``planner``.
"""
