"""Built-in sample articles for ``tocsin emit news.raw --sample``."""
