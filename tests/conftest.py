"""Cross-service tests. The real broker comes from the ``tocsin`` pytest plugin (``kafka_bootstrap``)."""
