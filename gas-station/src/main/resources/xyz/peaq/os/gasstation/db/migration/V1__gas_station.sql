-- Portable between SQLite and PostgreSQL: amounts are decimal wei strings, times epoch milliseconds.

CREATE TABLE owners (
  owner_address   VARCHAR(42)  PRIMARY KEY,
  state           VARCHAR(16)  NOT NULL,
  secret_enc      TEXT         NOT NULL,
  failed_attempts INTEGER      NOT NULL DEFAULT 0,
  locked_until    BIGINT,
  created_at      BIGINT       NOT NULL,
  updated_at      BIGINT       NOT NULL
);

CREATE TABLE used_codes (
  owner_address VARCHAR(42) NOT NULL,
  purpose       VARCHAR(16) NOT NULL,
  time_step     BIGINT      NOT NULL,
  used_at       BIGINT      NOT NULL,
  PRIMARY KEY (owner_address, purpose, time_step)
);

CREATE TABLE fund_requests (
  request_id      VARCHAR(128) PRIMARY KEY,
  owner_address   VARCHAR(42)  NOT NULL,
  target_address  VARCHAR(42)  NOT NULL,
  chain_name      VARCHAR(32)  NOT NULL,
  state           VARCHAR(16)  NOT NULL,
  day             VARCHAR(10)  NOT NULL,
  amount_wei      VARCHAR(80),
  tx_hash         VARCHAR(66),
  raw_tx          TEXT,
  tx_nonce        BIGINT,
  current_balance VARCHAR(80),
  min_gas_balance VARCHAR(80),
  error_code      VARCHAR(64),
  error_message   TEXT,
  attempts        INTEGER      NOT NULL DEFAULT 0,
  created_at      BIGINT       NOT NULL,
  updated_at      BIGINT       NOT NULL
);

CREATE INDEX fund_requests_owner_day  ON fund_requests (owner_address, day);
CREATE INDEX fund_requests_target_day ON fund_requests (target_address, day);
CREATE INDEX fund_requests_state      ON fund_requests (state);

CREATE TABLE qr_tokens (
  token         VARCHAR(64) PRIMARY KEY,
  owner_address VARCHAR(42) NOT NULL,
  format        VARCHAR(8)  NOT NULL,
  payload_enc   TEXT        NOT NULL,
  expires_at    BIGINT      NOT NULL
);
