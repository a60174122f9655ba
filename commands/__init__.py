"""The platform-neutral core: grammar, command registry, handlers, view-models, importers, jobs."""
