"""The family's casework tabs and dialogs: plan, meetings and reviews, visits,
chronology, consent and closure."""
