"""The promotion layers, in the order the engine runs them (see `mall.pricing.engine.LAYERS`)."""
