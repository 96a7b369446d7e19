"""Contacts in and out of the workspace: CSV and vCard files read into
:class:`~smeplanner.core.contact_io.record.ImportedContact` records, planned (dry run) and
imported in one transaction; contacts, companies, deals and campaigns written to CSV, vCard
and iCalendar. The GUI wizard and the command line share this code."""
