"""Qt widgets of SME Planner: they call ``smeplanner.core`` services and never write SQL."""
