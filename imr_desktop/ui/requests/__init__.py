"""What the selected item's request was understood as, under its field."""
