"""The only Streamlit-aware layer: the frame, content pages, figures, and feature renderers."""
