"""Assessments on screen: the family's assessments tab, the GCP2 profile, the
Signs of Safety map, and the GCP2 descriptor import."""
