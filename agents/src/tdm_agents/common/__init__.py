"""What every agent shares: source connections (`sources`) and SQL text helpers (`sql`)."""
