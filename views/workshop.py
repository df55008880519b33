"""Join a workshop: type the code (or open the QR link), answer on your phone, see the group result."""
from ndl_explain.ui import workshop_participant

workshop_participant.participant_page()
