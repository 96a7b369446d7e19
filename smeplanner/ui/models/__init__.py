"""Qt item models over core queries and services."""
