"""Inter-coder agreement: statistics, record pairs, disagreements and the report."""
