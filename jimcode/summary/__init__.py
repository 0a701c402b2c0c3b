"""The study's tables from many records: aggregation, results, statistics, retrieval of quotes."""
