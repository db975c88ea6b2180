"""Pure pricing: cart lines and rules in, an explained price breakdown out. No Django."""
