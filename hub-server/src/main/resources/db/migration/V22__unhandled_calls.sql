-- When a call was first found unhandled: nobody had taken it and its last escalation step reached nobody,
-- whatever state it had reached before (a call seen once, then left, included). Cleared by no one: the call
-- stays unhandled until it is taken, and its unit is told so.
ALTER TABLE alarm ADD COLUMN unreached_at ${bigint};
