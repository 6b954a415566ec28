"""Pieces every TDM member shares: settings discovery, the error hierarchy, log redaction."""
