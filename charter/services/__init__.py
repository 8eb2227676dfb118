"""Services: the functions that change state. They take explicit arguments (actor, data), own
their transaction and record audit events. Views call them; they never call views."""
