"""Pure walk logic: presets, plan, session, summaries, history and stats (no Textual)."""
