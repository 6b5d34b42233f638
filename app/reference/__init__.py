"""Reference data and settings a council or worker may change: levels of need,
option lists, the council's configuration, casework timescales, the worker's settings."""
