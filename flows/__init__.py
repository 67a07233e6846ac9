"""govpub's Prefect flows: thin wrappers that call the library's stages as tasks (installed as govpub_flows)."""
