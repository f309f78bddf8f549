-- Hashes a request's transfer had before it was signed again (comma-separated). Only a same-nonce
-- replacement could still be mined, but reconciliation checks every one before it gives up.
ALTER TABLE fund_requests ADD COLUMN prior_hashes TEXT;
