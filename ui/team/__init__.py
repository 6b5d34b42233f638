"""The Team area for team leads and administrators: the sign-off queue, drift by worker
and caseloads (``team_view``), and its place in the main window (``team_nav``)."""
