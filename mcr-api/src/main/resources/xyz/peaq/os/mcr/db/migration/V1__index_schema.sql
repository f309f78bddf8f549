-- Portable between SQLite and PostgreSQL. uint256 ids and amounts are decimal text (lossless);
-- addresses are lowercase 0x-hex.
CREATE TABLE indexer_cursor (
  id INTEGER PRIMARY KEY,
  last_block BIGINT NOT NULL
);

CREATE TABLE machines (
  machine_id VARCHAR(80) PRIMARY KEY,
  wallet VARCHAR(42),
  operator VARCHAR(42),
  uri TEXT,
  registered_block BIGINT NOT NULL,
  registered_time BIGINT NOT NULL,
  updated_time BIGINT NOT NULL
);
CREATE INDEX machines_wallet ON machines (wallet);
CREATE INDEX machines_operator ON machines (operator);

CREATE TABLE stakes (
  block_number BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  machine_id VARCHAR(80) NOT NULL,
  amount VARCHAR(80) NOT NULL,
  block_time BIGINT NOT NULL,
  PRIMARY KEY (block_number, log_index)
);
CREATE INDEX stakes_machine ON stakes (machine_id);

CREATE TABLE machine_tokens (
  token_id VARCHAR(80) PRIMARY KEY,
  machine_id VARCHAR(80) NOT NULL,
  owner VARCHAR(42),
  minted_block BIGINT NOT NULL
);
CREATE INDEX machine_tokens_machine ON machine_tokens (machine_id);

CREATE TABLE machine_events (
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

CREATE TABLE did_attributes (
  account VARCHAR(42) NOT NULL,
  name VARCHAR(256) NOT NULL,
  value TEXT NOT NULL,
  block_number BIGINT NOT NULL,
  PRIMARY KEY (account, name)
);
