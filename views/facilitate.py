"""Run a workshop: create it, show the join code and QR code, move the group on, see live results."""
from ndl_explain.ui import workshop

workshop.facilitator_page()
