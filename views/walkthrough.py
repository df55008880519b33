"""Walk through an example: who asks for which data, why, and under which rules, step by step."""
from ndl_explain.ui import walkthrough

walkthrough.walkthrough_page()
