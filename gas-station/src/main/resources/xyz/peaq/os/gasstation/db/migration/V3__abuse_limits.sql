-- Limits that hold against many owners, many instances and third parties (issue 11).

-- The client (network) address a fund request came from: the per-client daily cap sums it.
ALTER TABLE fund_requests ADD COLUMN client_address VARCHAR(64);
CREATE INDEX fund_requests_client_day ON fund_requests (client_address, day);
CREATE INDEX fund_requests_day ON fund_requests (day);

-- At most one transfer in flight per target wallet, enforced by the database itself, so that it
-- holds across instances whatever the code above it does: a second claim for the same wallet
-- fails this unique index until the first one is DONE or FAILED.
CREATE UNIQUE INDEX fund_requests_one_in_flight ON fund_requests (target_address)
  WHERE state IN ('CLAIMED', 'SIGNED');

-- Bad 2FA codes per owner and client address: a lockout one client cannot impose on another.
-- locks counts the lockouts of this pair (the next one lasts twice as long); trusted = 1 once the
-- pair has presented a good code (exempt from the owner-wide budget of bad codes).
CREATE TABLE code_failures (
  owner_address  VARCHAR(42) NOT NULL,
  client_address VARCHAR(64) NOT NULL,
  failures       INTEGER     NOT NULL DEFAULT 0,
  locks          INTEGER     NOT NULL DEFAULT 0,
  locked_until   BIGINT,
  trusted        INTEGER     NOT NULL DEFAULT 0,
  updated_at     BIGINT      NOT NULL,
  PRIMARY KEY (owner_address, client_address)
);

-- bucket4j token buckets shared by every instance on this database (state is bucket4j's
-- serialised bucket, base64).
CREATE TABLE rate_buckets (
  bucket_key VARCHAR(200) PRIMARY KEY,
  state      TEXT,
  updated_at BIGINT
);
