-- Ends a statement that counted a rate-limit hit over its limit: raising undoes the statement, the writes it carried
-- included, so a write and its limits take one round trip. The DETAIL is the number of seconds until the window ends.
CREATE FUNCTION rightsdesk_admit(hits integer, hit_limit integer, window_started_at timestamptz,
    window_seconds integer, at timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF hits > hit_limit THEN
    RAISE EXCEPTION 'over the rate limit' USING ERRCODE = 'R0429',
      DETAIL = greatest(1, ceil(extract(epoch from (window_started_at + make_interval(secs => window_seconds) - at))))::text;
  END IF;
  RETURN true;
END
$$;
