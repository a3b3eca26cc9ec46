"""Safety rails: input checks that route a message, and guardrails-ai validators on every answer."""
