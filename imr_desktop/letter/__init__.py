"""The determination letter: its fixed wording, composition from a case, the QA rules,
and the check / export / finalize flow the window and the command line share. The
ReportLab rendering lives in ``export/`` (the one place ReportLab is imported)."""
