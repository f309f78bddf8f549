-- MachineDeactivated / MachineReactivated of the IdentityRegistry: 1 while the machine is
-- deactivated, 0 otherwise; status_time is the block time of the latest of those two events.
ALTER TABLE machines ADD COLUMN deactivated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE machines ADD COLUMN status_time BIGINT NOT NULL DEFAULT 0;
