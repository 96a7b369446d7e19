"""SME Planner: one offline workspace for a small business's campaigns, contacts and deals."""

__version__ = "0.1.0"
APP_NAME = "SME Planner"
APP_ID = "io.github.smeplanner.SMEPlanner"
ORG_NAME = "SME Planner"
