-- Rate-limit counters are worth nothing after a crash and are written on every public request: keeping them out
-- of the write-ahead log spares each request a flush to disk.
ALTER TABLE "rate_limits" SET UNLOGGED;
