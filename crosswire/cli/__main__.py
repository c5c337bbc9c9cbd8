from crosswire.cli import app

app()
