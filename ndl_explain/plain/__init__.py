"""The plain HTML edition: every page of the site as static HTML with no JavaScript, built from the
same content (``python -m ndl_explain.plain --out DIR``). No Streamlit here.

``paths`` (where each page goes, and where the deploy serves the folder) is light and is used by the
interactive site for its "Plain version" links; ``build`` writes the folder."""
