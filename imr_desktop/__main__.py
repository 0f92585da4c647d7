from imr_desktop.cli import run

run()
