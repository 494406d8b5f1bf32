"""Staff pages (/staff/): scoped by trainings.access, Bootstrap, phone and desktop."""
