"""The Precedents dock, the import of published decisions and their library dialog."""
