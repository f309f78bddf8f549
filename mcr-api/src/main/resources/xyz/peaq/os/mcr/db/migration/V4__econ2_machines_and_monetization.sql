-- Economics 2.0 beside 1.0 (portable between SQLite and PostgreSQL, as V1). 2.0 machine ids are
-- uint256 token ids of MachineRegistry, in decimal text; addresses lowercase 0x-hex.
CREATE TABLE machines_v2 (
  machine_id VARCHAR(80) PRIMARY KEY,
  owner VARCHAR(42),
  controller VARCHAR(42),
  machine_type TEXT,
  operator VARCHAR(42),
  minted_block BIGINT NOT NULL,
  minted_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL,
  tier INTEGER NOT NULL DEFAULT 0,
  period_start BIGINT NOT NULL DEFAULT 0,
  period_end BIGINT NOT NULL DEFAULT 0,
  bonded_amount VARCHAR(80) NOT NULL DEFAULT '0',
  suspended INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX machines_v2_owner ON machines_v2 (owner);
CREATE INDEX machines_v2_controller ON machines_v2 (controller);

-- EventSubmitted of the 2.0 EventRegistry (same struct as 1.0; separate id space).
CREATE TABLE machine_events_v2 (
  machine_id VARCHAR(80) NOT NULL,
  event_index BIGINT NOT NULL,
  event_type INTEGER NOT NULL,
  value_raw VARCHAR(80) NOT NULL,
  currency VARCHAR(64) NOT NULL,
  claimed_time BIGINT NOT NULL,
  trust_level INTEGER NOT NULL,
  source_chain_id VARCHAR(80) NOT NULL,
  data_hash VARCHAR(66) NOT NULL,
  source_tx_hash VARCHAR(66) NOT NULL,
  metadata TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  block_time BIGINT NOT NULL,
  tx_hash VARCHAR(66) NOT NULL,
  PRIMARY KEY (machine_id, event_index)
);

-- InfoDesk settings the subscription status depends on (grace_duration, runoff_duration).
CREATE TABLE econ2_params (
  name VARCHAR(64) PRIMARY KEY,
  value BIGINT NOT NULL
);

-- The timestamp of the cursor's block: the chain time 2.0 subscription states are judged at.
ALTER TABLE indexer_cursor ADD COLUMN block_time BIGINT;

-- Monetization opt-in (off-chain state of this service: kept when the chain index is rebuilt).
CREATE TABLE monetization (
  machine_id VARCHAR(80) PRIMARY KEY,
  opted_in INTEGER NOT NULL,
  signer VARCHAR(42) NOT NULL,
  updated_at BIGINT NOT NULL,
  signed_timestamp BIGINT NOT NULL
);

-- Every accepted signature, so a replay is refused even after a later change.
CREATE TABLE monetization_signatures (
  signature_hash VARCHAR(66) PRIMARY KEY,
  machine_id VARCHAR(80) NOT NULL,
  accepted_at BIGINT NOT NULL
);
