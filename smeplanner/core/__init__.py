"""The data and the rules of SME Planner. Nothing under this package imports Qt."""
