"""The client side of sync and the protocol both sides share: the engine, its
transport, enrolment, the conflict queue, custody of moved families, set-aside records."""
