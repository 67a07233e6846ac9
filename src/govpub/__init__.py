"""govpub: Chinese government reports (公文) in, validated versioned open data packages out."""

__version__ = "0.1.0"

# Bumped whenever parsing or extraction changes what rows a document yields:
# caches keyed on a document's content are keyed on this too.
PARSER_VERSION = "4"
