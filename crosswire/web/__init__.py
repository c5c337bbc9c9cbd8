"""`crosswire serve`: a local web app over the knowledge base. Every page is also JSON under
`/api` (pages.py registers both from one function); templates escape every article string;
scripts, styles and the world map are served from the package (nothing from a CDN)."""
