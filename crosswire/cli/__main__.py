"""`python -m crosswire.cli`."""
from crosswire.cli import app

if __name__ == "__main__":
    app()
