"""The console adapter: plain-text rendering and the interactive terminal."""
