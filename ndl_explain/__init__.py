"""NDL Explained: the pure-Python core of the site (no Streamlit here, except in ``ui/``)."""
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONTENT_DIR = PROJECT_DIR / "content"
