"""The application's shell: start-up, the main window, the store thread that
runs every query, the idle watch and lock."""
