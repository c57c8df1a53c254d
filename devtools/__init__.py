"""Development tools: the LINE emulator, the chat simulator, the dev runner, an embedded
Redis and the demo data. They may use the product; the product never imports them."""
