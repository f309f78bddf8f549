-- The hash of the cursor's block: the indexer compares it with the chain's block at that height
-- and re-indexes from scratch when they differ (another chain, or a chain that was reset).
ALTER TABLE indexer_cursor ADD COLUMN block_hash VARCHAR(66);
