"""What if one thing were different? Change who asks, the type of data, or where it is used."""
from ndl_explain.ui import walkthrough

walkthrough.what_if_page()
