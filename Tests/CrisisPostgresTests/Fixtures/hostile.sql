-- Each line must FAIL when run by an officer (not an admin) of the cell, on a database with the version 2
-- schema and a few operations: psql -v ON_ERROR_STOP=1 -c LINE, non-zero exit expected. PREFIX stands for the
-- cell's role prefix (crisiscell.meta, key roles), HEAD for crisiscell.head() just before the line runs.
-- A few lines hold several statements (a temporary object or a setting, then the attack); psql -c runs them
-- as one implicit transaction, and the last one fails.
--
-- An admin-only kind, however it is spelled.
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation"}}'], 'hostile-01')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"setCell":{"_0":{}}}'], 'hostile-02')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"setCell":{"_0":{"name":"x"},"expected":null}}'], 'hostile-03')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation"},"x":null}'], 'hostile-04')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"x":null,"deleteCrisis":{"id":"lb-escalation"}}'], 'hostile-05')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"setCell":{"_0":{}},"x":null}'], 'hostile-06')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"a":1,"setCell":{"_0":{}}}'], 'hostile-07')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"},"deleteCrisis":{"id":"lb-escalation"}}'], 'hostile-08')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation"},"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], 'hostile-09')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"},"log":{"crisis":"lb-escalation","kind":"note","text":"t"},"deleteCrisis":{"id":"x"}}'], 'hostile-10')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"a"},"deleteCrisis":{"id":"b"}}'], 'hostile-11')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"x","kind":"note","text":"t"},"deleteCrisis":{"id":"a"},"deleteCrisis":{"id":"b"}}'], 'hostile-12')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"a"},"log":{"crisis":"x","kind":"note","text":"t"},"log":{"crisis":"x","kind":"note","text":"t"}}'], 'hostile-13')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"\u0064eleteCrisis":{"id":"lb-escalation"}}'], 'hostile-14')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"delete\u0043risis":{"id":"lb-escalation"}}'], 'hostile-15')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"\u0064\u0065\u006c\u0065\u0074\u0065\u0043\u0072\u0069\u0073\u0069\u0073":{"id":"lb-escalation"}}'], 'hostile-16')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"\u0073etCell":{"_0":{}}}'], 'hostile-17')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"setCel\u006C":{"_0":{}}}'], 'hostile-18')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"\u0044eleteCrisis":{"id":"lb-escalation"}}'], 'hostile-19')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"DeleteCrisis":{"id":"lb-escalation"}}'], 'hostile-20')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deletecrisis":{"id":"lb-escalation"}}'], 'hostile-21')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"DELETECRISIS":{"id":"lb-escalation"}}'], 'hostile-22')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCr\u0131sis":{"id":"lb-escalation"}}'], 'hostile-23')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis\u0000":{"id":"lb-escalation"}}'], 'hostile-24')
SELECT * FROM crisiscell.append(HEAD, ARRAY['   {  "deleteCrisis"  :  { "id" : "lb-escalation" }  }   '], 'hostile-25')
SELECT * FROM crisiscell.append(HEAD, ARRAY[E'\n{\t"deleteCrisis"\r\n:\n{"id":"lb-escalation"}\t}\n'], 'hostile-26')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis ":{"id":"lb-escalation"}}'], 'hostile-27')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{" deleteCrisis":{"id":"lb-escalation"}}'], 'hostile-28')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"deleteCrisis":{"id":"lb-escalation"}}}'], 'hostile-29')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"x","kind":"note","text":"t","deleteCrisis":{"id":"lb-escalation"}}}'], 'hostile-30')
SELECT * FROM crisiscell.append(HEAD, ARRAY['[{"deleteCrisis":{"id":"lb-escalation"}}]'], 'hostile-31')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":[{"id":"lb-escalation"}]}'], 'hostile-32')
SELECT * FROM crisiscell.append(HEAD, ARRAY['["deleteCrisis",{"id":"lb-escalation"}]'], 'hostile-33')
SELECT * FROM crisiscell.append(HEAD, ARRAY['"{\"deleteCrisis\":{\"id\":\"lb-escalation\"}}"'], 'hostile-34')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation"}}{"log":{}}'], 'hostile-35')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"first"}}', '{"deleteCrisis":{"id":"lb-escalation"}}'], 'hostile-36')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"first"}}', '{"addCountry":{"code":"FR"}}', '{"setCell":{"_0":{}}}'], 'hostile-37')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation","expected":{"id":"lb-escalation"}}}'], 'hostile-38')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{}}'], 'hostile-39')
-- Shadowing what the functions call: a temporary domain named jsonb, temporary functions and tables, the search_path.
CREATE DOMAIN pg_temp.jsonb AS text; SET search_path = pg_temp, public; SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation"},"x":null}'], 'hostile-40')
CREATE DOMAIN pg_temp.jsonb AS text; SELECT * FROM crisiscell.append(HEAD, ARRAY['{"x":null,"deleteCrisis":{"id":"lb-escalation"}}'], 'hostile-41')
CREATE FUNCTION pg_temp.pg_has_role(name, text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true'; SET search_path = pg_temp, pg_catalog; SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation"}}'], 'hostile-42')
CREATE TEMP TABLE operations (seq bigint, at timestamptz, operator text, kind text, op text, request text); SELECT * FROM crisiscell.append(HEAD, ARRAY['{"deleteCrisis":{"id":"lb-escalation"}}'], 'hostile-43')
SET search_path = pg_temp; SELECT * FROM crisiscell.append(HEAD, ARRAY['{"setCell":{"_0":{}}}'], 'hostile-44')
SELECT set_config('search_path', 'pg_temp, public', false); SELECT * FROM crisiscell.append(HEAD, ARRAY['{"setCell":{"_0":{}},"x":null}'], 'hostile-45')
-- Not the shape of any operation.
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t","operator":"alice"}}'], 'hostile-50')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"addCountry":{"code":"FR","seq":99}}'], 'hostile-51')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"addCountry":{"code":"FR","at":"2000-01-01T00:00:00Z"}}'], 'hostile-52')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"dropTable":{}}'], 'hostile-53')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":null}'], 'hostile-54')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":"text"}'], 'hostile-55')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"addCountry":["FR"]}'], 'hostile-56')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{}'], 'hostile-57')
SELECT * FROM crisiscell.append(HEAD, ARRAY['null'], 'hostile-58')
SELECT * FROM crisiscell.append(HEAD, ARRAY['42'], 'hostile-59')
SELECT * FROM crisiscell.append(HEAD, ARRAY['not json'], 'hostile-60')
SELECT * FROM crisiscell.append(HEAD, ARRAY[''], 'hostile-61')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":'], 'hostile-62')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"x","kind":"note","text":"t"},}'], 'hostile-63')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"x","kind":"note","text":"t"}} trailing'], 'hostile-64')
SELECT * FROM crisiscell.append(HEAD, ARRAY[NULL::text], 'hostile-65')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"x","kind":"note","text":"t"}}', NULL], 'hostile-66')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"x","kind":"note","text":"a\u0000b"}}'], 'hostile-67')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"x","kind":"note","text":"\ud800"}}'], 'hostile-68')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"addCrisis":{"_0":' || repeat('[', 70) || repeat(']', 70) || '}}'], 'hostile-69')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"addCrisis":{"_0":' || repeat('{"a":', 70) || '1' || repeat('}', 70) || '}}'], 'hostile-70')
-- Too large: one operation, and a batch.
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"' || repeat('a', 70000) || '"}}'], 'hostile-80')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"' || repeat('é', 33000) || '"}}'], 'hostile-81')
SELECT * FROM crisiscell.append(HEAD, ARRAY(SELECT '{"log":{"crisis":"lb-escalation","kind":"note","text":"' || repeat('a', 60000) || '"}}' FROM generate_series(1, 180)), 'hostile-82')
SELECT * FROM crisiscell.append(HEAD, ARRAY(SELECT '{"log":{"crisis":"lb-escalation","kind":"note","text":"' || repeat('a', 60000) || '"}}' FROM generate_series(1, 180)) || ARRAY['{"deleteCrisis":{"id":"x"}}'], 'hostile-83')
-- Numbers and ids the client does not decide.
SELECT * FROM crisiscell.append(9223372036854775807, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], 'hostile-90')
SELECT * FROM crisiscell.append(9223372036854775806, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}', '{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], 'hostile-91')
SELECT * FROM crisiscell.append(HEAD + 1, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], 'hostile-92')
SELECT * FROM crisiscell.append(HEAD + 1000, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], 'hostile-93')
SELECT * FROM crisiscell.append(-1, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], 'hostile-94')
SELECT * FROM crisiscell.append(NULL, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], 'hostile-95')
SELECT * FROM crisiscell.append(HEAD, ARRAY[]::text[], 'hostile-96')
SELECT * FROM crisiscell.append(HEAD, NULL, 'hostile-97')
SELECT * FROM crisiscell.append(HEAD, ARRAY[ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}']], 'hostile-98')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], NULL)
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], '')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], 'hostile#1')
SELECT * FROM crisiscell.append(HEAD, ARRAY['{"log":{"crisis":"lb-escalation","kind":"note","text":"t"}}'], repeat('r', 201))
-- The tables, written directly.
INSERT INTO crisiscell.operations (seq, at, operator, kind, op) VALUES (9223372036854775807, now(), 'alice', 'log', '{"log":{"crisis":"x","kind":"note","text":"t"}}')
INSERT INTO crisiscell.operations (seq, at, operator, kind, op) SELECT crisiscell.head() + 1, now(), session_user, 'log', '{"log":{"crisis":"x","kind":"note","text":"t"}}'
INSERT INTO crisiscell.operations (seq, at, operator, kind, op) VALUES (HEAD + 5, now(), session_user, 'log', '{"deleteCrisis":{"id":"x"}}')
UPDATE crisiscell.operations SET op = '{"deleteCrisis":{"id":"lb-escalation"}}' WHERE seq = 1
UPDATE crisiscell.operations SET operator = 'alice'
DELETE FROM crisiscell.operations WHERE seq = HEAD
TRUNCATE crisiscell.operations
TRUNCATE crisiscell.operations, crisiscell.snapshots, crisiscell.retired, crisiscell.presence, crisiscell.meta, crisiscell.writers
INSERT INTO crisiscell.snapshots (seq, world) VALUES (HEAD, '{}')
INSERT INTO crisiscell.snapshots (seq, world) VALUES (9223372036854775807, '{}')
UPDATE crisiscell.snapshots SET world = '{}'
DELETE FROM crisiscell.snapshots
TRUNCATE crisiscell.snapshots
INSERT INTO crisiscell.retired (seq, why) VALUES (1, 'mine now')
UPDATE crisiscell.retired SET why = 'x'
DELETE FROM crisiscell.retired
TRUNCATE crisiscell.retired
INSERT INTO crisiscell.presence (login, host, pid) VALUES ('alice', 'h', 1)
INSERT INTO crisiscell.presence (host, pid) VALUES ('h', 1)
UPDATE crisiscell.presence SET heartbeat = now() + interval '1 year'
UPDATE crisiscell.presence SET login = 'alice' WHERE login = session_user
DELETE FROM crisiscell.presence
DELETE FROM crisiscell.presence WHERE login = session_user
TRUNCATE crisiscell.presence
INSERT INTO crisiscell.meta VALUES ('evil', 'x')
UPDATE crisiscell.meta SET value = '1' WHERE key = 'version'
UPDATE crisiscell.meta SET value = 'crisiscell' WHERE key = 'roles'
DELETE FROM crisiscell.meta
TRUNCATE crisiscell.meta
INSERT INTO crisiscell.writers VALUES (false)
DELETE FROM crisiscell.writers
UPDATE crisiscell.writers SET one = true
TRUNCATE crisiscell.writers
SELECT * FROM crisiscell.writers
COPY crisiscell.operations FROM '/etc/hostname'
COPY crisiscell.operations (seq, at, operator, kind, op) FROM PROGRAM 'true'
-- Locks an officer has no business holding.
BEGIN; LOCK TABLE crisiscell.operations IN ACCESS EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.operations IN EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.operations IN SHARE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.operations IN ROW EXCLUSIVE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.writers IN ACCESS SHARE MODE; COMMIT
BEGIN; LOCK TABLE crisiscell.snapshots IN SHARE ROW EXCLUSIVE MODE; COMMIT
SELECT * FROM crisiscell.operations FOR UPDATE
SELECT * FROM crisiscell.operations FOR KEY SHARE
SELECT * FROM crisiscell.meta FOR SHARE
SELECT * FROM crisiscell.writers FOR UPDATE
-- An admin's functions, and the roles.
SELECT crisiscell.put_snapshot(HEAD, '{"format":"crisiscell-snapshot","schemaVersion":1,"seq":' || HEAD || ',"savedAt":0,"world":{}}')
SELECT crisiscell.put_snapshot(1, '{"format":"crisiscell-snapshot","schemaVersion":1,"seq":1,"savedAt":0,"world":{}}')
SELECT crisiscell.retire(1, 'I do not like it')
SELECT crisiscell.retire(HEAD, 'mine')
SET ROLE "PREFIX_admin"
SET SESSION AUTHORIZATION alice
SET SESSION AUTHORIZATION postgres
GRANT "PREFIX_admin" TO CURRENT_USER
GRANT "PREFIX_officer" TO PUBLIC
GRANT "PREFIX_viewer" TO postgres
REVOKE "PREFIX_officer" FROM "PREFIX_admin"
ALTER ROLE CURRENT_USER SUPERUSER
ALTER ROLE "PREFIX_officer" LOGIN
ALTER ROLE "PREFIX_viewer" RENAME TO crisiscell_evil
COMMENT ON ROLE "PREFIX_admin" IS 'mine'
CREATE ROLE "PREFIX_evil"
SELECT set_config('session_replication_role', 'replica', false)
-- The schema's objects.
CREATE TABLE crisiscell.evil (x int)
CREATE OR REPLACE FUNCTION crisiscell.head() RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint'
ALTER FUNCTION crisiscell.append(bigint, text[], text) SECURITY INVOKER
ALTER FUNCTION crisiscell.append(bigint, text[], text) RESET search_path
ALTER FUNCTION crisiscell.lock_writers(integer) OWNER TO CURRENT_USER
DROP FUNCTION crisiscell.append(bigint, text[], text)
DROP TRIGGER append_only ON crisiscell.operations
DROP TRIGGER no_truncate ON crisiscell.operations
ALTER TABLE crisiscell.operations DISABLE TRIGGER ALL
ALTER TABLE crisiscell.operations DROP CONSTRAINT operations_pkey
ALTER TABLE crisiscell.operations OWNER TO CURRENT_USER
DROP TABLE crisiscell.operations
DROP SCHEMA crisiscell CASCADE
GRANT EXECUTE ON FUNCTION crisiscell.put_snapshot(bigint, text) TO CURRENT_USER
SELECT crisiscell.refuse_change()
