-- Each line must FAIL when run by a viewer of the cell (a login that may only read), on a database with the
-- version 2 schema and a few operations: psql -v ON_ERROR_STOP=1 -c LINE, non-zero exit expected. PREFIX stands
-- for the cell's role prefix (crisiscell.meta, key roles), HEAD for crisiscell.head() just before the line runs.
-- A few lines hold several statements (BEGIN; LOCK ...; COMMIT): psql -c runs them as one, and the LOCK fails.
-- (A viewer may read the tables, call head(), and here()/gone() for its own presence row: not listed.)
--
-- Writing operations, even well-formed ones, and the writers' lock.
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"a viewer writes"}}'], 'viewer-01')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"addCountry":{"code":"ZZ"}}'], 'viewer-02')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation"}}'], 'viewer-03')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation"},"x":null}'], 'viewer-04')
SELECT * FROM crisiscell.append(0, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], 'viewer-05')
SELECT crisiscell.lock_writers(5000)
SELECT crisiscell.lock_writers(0)
SELECT crisiscell.lock_writers(NULL)
SET ROLE "PREFIX_officer"; SELECT * FROM crisiscell.append(HEAD, ARRAY['{"addCountry":{"code":"ZZ"}}'], 'viewer-06')
SET ROLE "PREFIX_officer"
SET ROLE "PREFIX_admin"
SET SESSION AUTHORIZATION postgres
-- The tables, written directly.
INSERT INTO crisiscell.operations (seq, at, operator, kind, op) VALUES (HEAD + 1, now(), session_user, 'log', '{"log":{"crisis":"x","kind":"note","text":"t"}}')
INSERT INTO crisiscell.operations (seq, at, operator, kind, op) VALUES (9223372036854775807, now(), 'alice', 'log', '{"log":{}}')
UPDATE crisiscell.operations SET op = '{"log":{}}'
DELETE FROM crisiscell.operations
TRUNCATE crisiscell.operations
INSERT INTO crisiscell.snapshots (seq, world) VALUES (HEAD, '{}')
UPDATE crisiscell.snapshots SET world = '{}'
DELETE FROM crisiscell.snapshots
TRUNCATE crisiscell.snapshots
INSERT INTO crisiscell.retired (seq, why) VALUES (1, 'x')
DELETE FROM crisiscell.retired
TRUNCATE crisiscell.retired
INSERT INTO crisiscell.presence (login, host, pid) VALUES ('alice', 'h', 1)
INSERT INTO crisiscell.presence (host, pid) VALUES ('h', 1)
UPDATE crisiscell.presence SET heartbeat = now()
UPDATE crisiscell.presence SET login = session_user
DELETE FROM crisiscell.presence
DELETE FROM crisiscell.presence WHERE login = session_user
TRUNCATE crisiscell.presence
INSERT INTO crisiscell.meta VALUES ('evil', 'x')
UPDATE crisiscell.meta SET value = '1' WHERE key = 'version'
DELETE FROM crisiscell.meta
INSERT INTO crisiscell.writers VALUES (false)
DELETE FROM crisiscell.writers
TRUNCATE crisiscell.writers
SELECT * FROM crisiscell.writers
COPY crisiscell.operations FROM '/etc/hostname'
-- Locks that could stall a writer.
BEGIN; LOCK TABLE crisiscell.operations IN ACCESS EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.operations IN EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.operations IN SHARE ROW EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.operations IN SHARE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.operations IN SHARE UPDATE EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.operations IN ROW EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.operations IN ROW SHARE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.snapshots IN ACCESS EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.meta IN ACCESS EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.writers IN ACCESS SHARE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.writers IN ROW SHARE MODE; COMMIT
SELECT * FROM crisiscell.operations FOR UPDATE
SELECT * FROM crisiscell.operations FOR NO KEY UPDATE
SELECT * FROM crisiscell.operations FOR SHARE
SELECT * FROM crisiscell.operations FOR KEY SHARE
SELECT * FROM crisiscell.meta FOR SHARE
SELECT * FROM crisiscell.presence FOR UPDATE
SELECT * FROM crisiscell.writers FOR UPDATE
-- An admin's functions, the roles and the schema.
SELECT crisiscell.put_snapshot(HEAD, '{"format":"crisiscell-snapshot","schemaVersion":1,"seq":' || HEAD || ',"savedAt":0,"world":{}}')
SELECT crisiscell.retire(1, 'x')
GRANT "PREFIX_viewer" TO CURRENT_USER
GRANT "PREFIX_officer" TO CURRENT_USER
GRANT "PREFIX_viewer" TO postgres
COMMENT ON ROLE "PREFIX_viewer" IS 'mine'
CREATE TABLE crisiscell.evil (x int)
CREATE OR REPLACE FUNCTION crisiscell.head() RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint'
ALTER FUNCTION crisiscell.append(bigint, text[], text) SECURITY INVOKER
DROP TRIGGER append_only ON crisiscell.operations
DROP TABLE crisiscell.operations
SELECT crisiscell.refuse_change()
