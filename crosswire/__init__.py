"""crosswire: multilingual news about armed groups and political actors, as an
evidence-linked knowledge base. See DESIGN.md for the data model."""
__version__ = "0.1.0"
