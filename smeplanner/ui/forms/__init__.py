"""Record forms: the field widgets shared by editor dialogs and detail panels."""
