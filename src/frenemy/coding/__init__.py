"""Text to events: parsing, actors, places, dates, the lexicon coder and its evaluation."""
