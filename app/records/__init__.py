"""Writing synced records: each change with its outbox operation and audit event,
and finding the records that are still live."""
