"""One view module per page type; each serves an HTML page and its JSON twin."""
