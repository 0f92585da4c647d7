"""The Records tab: attach, read (page list, zoom), search the case file, insert a page
reference, and the dates found."""
