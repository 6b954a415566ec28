"""Nodes of the master supergraph: parse_request -> decide_operation -> execute_subgraph -> finalize."""
