"""Join a workshop: type the code (or open the QR link), answer on your phone, see the group result."""
from ndl_explain.ui import workshop

workshop.participant_page()
