"""Reference data of synthetic generation (the job itself is submitted at POST /synthetic)."""
