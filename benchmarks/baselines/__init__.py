"""Apps the benchmarks measure the bot against, under the same gunicorn."""
