"""Show a workshop on a screen: the join code and QR code, the activity, and results once shown."""
from ndl_explain.ui import workshop_presenter

workshop_presenter.presenter_page()
