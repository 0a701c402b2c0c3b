"""The coding session: a pure state machine, its command language, the durable run, the terminal."""
