"""Run a workshop: create it, then run it from this private page (controls, live results, comments)."""
from ndl_explain.ui import workshop_facilitator

workshop_facilitator.facilitator_page()
