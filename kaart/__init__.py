"""The stages of the sociale-kaart build: read -> validate -> derive -> render -> write."""
