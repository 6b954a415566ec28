"""Jobs: submission (one route per agent, plus /pipeline), listing, detail, control and live events."""
