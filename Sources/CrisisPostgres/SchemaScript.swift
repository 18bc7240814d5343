import CrisisModel
import CrisisStorage
import Foundation

/// The schema script for one cell's roles, in parts read in order. Every function that writes is SECURITY DEFINER
/// with search_path pinned to pg_catalog, pg_temp, names every function and type by its schema, and is executable
/// by one cell role only; the caller is known by session_user (what SET ROLE does not change).
struct SchemaScript {
    let prefix: String
    let viewer: String
    let officer: String
    let admin: String
    /// The roles as quoted identifiers.
    let v: String
    let o: String
    let a: String
    let maxOp = OperationShape.maxOperationBytes
    let maxBatch = OperationShape.maxBatchBytes
    let maxDepth = StrictJSON.maxDepth
    let legacy = "ARRAY[" + Schema.legacyRoles.map(Schema.literal).joined(separator: ", ") + "]::pg_catalog.text[]"

    init(prefix: String) {
        self.prefix = prefix
        viewer = Schema.role("viewer", prefix: prefix)
        officer = Schema.role("officer", prefix: prefix)
        admin = Schema.role("admin", prefix: prefix)
        v = Schema.identifier(viewer)
        o = Schema.identifier(officer)
        a = Schema.identifier(admin)
    }

    var text: String {
        [guardAndTables, operationChecks, appending, presenceSnapshotsAndRetiring, upgradeAndGrants].joined(
            separator: "\n")
    }

    /// The version guard, the roles, and the tables (append-only where history is kept).
    var guardAndTables: String {
        #"""
        -- This version over a newer schema, or over roles named otherwise than this database's, is refused.
        DO $$
        DECLARE v pg_catalog.text; r pg_catalog.text;
        BEGIN
          IF pg_catalog.to_regclass('crisiscell.meta') IS NOT NULL THEN
            EXECUTE 'SELECT value FROM crisiscell.meta WHERE key = ''version''' INTO v;
            EXECUTE 'SELECT value FROM crisiscell.meta WHERE key = ''roles''' INTO r;
            IF v ~ '^[0-9]+$' AND v::pg_catalog.int4 > \#(Schema.version) THEN
              RAISE EXCEPTION 'this database has CrisisCell schema version %; this program knows \#(Schema.version): upgrade crisiscell', v USING ERRCODE = '55000';
            END IF;
            IF r IS NOT NULL AND r <> \#(Schema.literal(prefix)) THEN
              RAISE EXCEPTION 'this database''s roles are %_viewer, %_officer and %_admin (crisiscell.meta, key roles), not %_...', r, r, r, \#(Schema.literal(prefix))
                USING ERRCODE = '55000', HINT = 'db init takes the prefix crisiscell.meta holds';
            END IF;
          END IF;
        END $$;

        CREATE SCHEMA IF NOT EXISTS crisiscell;
        CREATE TABLE IF NOT EXISTS crisiscell.meta (key text PRIMARY KEY, value text NOT NULL);
        INSERT INTO crisiscell.meta VALUES ('cell', pg_catalog.md5(pg_catalog.random()::pg_catalog.text || pg_catalog.clock_timestamp()::pg_catalog.text)) ON CONFLICT (key) DO NOTHING;
        -- A new database is this version from here on; an older one keeps its number until the end (the upgrade steps below look).
        INSERT INTO crisiscell.meta VALUES ('version', '\#(Schema.version)') ON CONFLICT (key) DO NOTHING;
        INSERT INTO crisiscell.meta VALUES ('roles', \#(Schema.literal(prefix))) ON CONFLICT (key) DO NOTHING;

        -- The cell's three roles, of this database alone. Each carries the cell's id in its comment: a role of that
        -- name made for another database (or by hand) is refused, never shared.
        DO $$
        DECLARE
          cell pg_catalog.text := (SELECT m.value FROM crisiscell.meta m WHERE m.key = 'cell');
          r pg_catalog.text; name pg_catalog.text; said pg_catalog.text; found_role record;
        BEGIN
          FOREACH r IN ARRAY ARRAY['viewer', 'officer', 'admin'] LOOP
            name := \#(Schema.literal(prefix)) || '_' || r;
            SELECT g.oid, g.rolcanlogin, g.rolsuper, g.rolcreaterole, g.rolcreatedb, g.rolreplication, g.rolbypassrls INTO found_role
              FROM pg_catalog.pg_roles g WHERE g.rolname = name;
            IF NOT FOUND THEN
              EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', name);
              EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', name,
                'CrisisCell cell ' || cell || ': the ' || r || 's of the database ' || pg_catalog.current_database());
            ELSE
              said := pg_catalog.shobj_description(found_role.oid, 'pg_authid');
              IF said IS NULL OR NOT pg_catalog.starts_with(said, 'CrisisCell cell ' || cell || ':') THEN
                RAISE EXCEPTION 'a role named % already exists and is not this cell''s (its comment: %)', name, coalesce(said, 'none')
                  USING ERRCODE = '42710', HINT = 'another database''s roles, or one made by hand: rename or drop it, or give this database another name';
              END IF;
              IF found_role.rolcanlogin OR found_role.rolsuper OR found_role.rolcreaterole OR found_role.rolcreatedb OR found_role.rolreplication OR found_role.rolbypassrls THEN
                RAISE EXCEPTION 'the role % must be a plain group role: NOLOGIN, without SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS', name
                  USING ERRCODE = '42501';
              END IF;
            END IF;
          END LOOP;
        END $$;
        -- viewer ⊂ officer ⊂ admin. Membership in admin carries the admin option on viewer and officer (PostgreSQL 15
        -- follows it through membership), so an admin login grants and revokes them without being superuser; the
        -- admin role itself is granted to each admin login WITH ADMIN OPTION (a role cannot hold it on itself).
        GRANT \#(v) TO \#(o);
        GRANT \#(o) TO \#(a) WITH ADMIN OPTION;
        GRANT \#(v) TO \#(a) WITH ADMIN OPTION;

        -- One row an operation, never changed or removed. seq is given by append() under the writers' lock: no gaps.
        CREATE TABLE IF NOT EXISTS crisiscell.operations (
          seq bigint PRIMARY KEY,
          at timestamptz NOT NULL,
          operator text NOT NULL,
          kind text NOT NULL,
          op text NOT NULL
        );
        -- Each change carries an id the client made for it, so one sent again is recognised and never appended twice.
        ALTER TABLE crisiscell.operations ADD COLUMN IF NOT EXISTS request text;
        CREATE UNIQUE INDEX IF NOT EXISTS operations_request ON crisiscell.operations (request) WHERE request IS NOT NULL;
        -- A change that waited at a site (made offline) keeps when it was made there, by that site's clock; `at` stays
        -- the server's. Null when it was sent as it was made.
        ALTER TABLE crisiscell.operations ADD COLUMN IF NOT EXISTS made_at timestamptz;
        -- The world at a number, as snapshot.json holds it; a new client loads the newest and the operations after.
        CREATE TABLE IF NOT EXISTS crisiscell.snapshots (
          seq bigint PRIMARY KEY,
          at timestamptz NOT NULL DEFAULT now(),
          written_by text NOT NULL DEFAULT session_user,
          world text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS crisiscell.presence (
          login text NOT NULL DEFAULT session_user,
          host text NOT NULL,
          pid integer NOT NULL,
          heartbeat timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (login, host, pid)
        );
        -- Operations an admin set aside as unreadable (every site sets them aside as it reads them; this records that an admin has seen and let each go); the operation itself stays.
        CREATE TABLE IF NOT EXISTS crisiscell.retired (
          seq bigint PRIMARY KEY,
          by text NOT NULL DEFAULT session_user,
          at timestamptz NOT NULL DEFAULT now(),
          why text NOT NULL
        );
        -- The writers' lock: its one row, locked FOR UPDATE by lock_writers() until the writer's transaction ends.
        -- Nobody but the owner can read it, so nobody else can lock it.
        CREATE TABLE IF NOT EXISTS crisiscell.writers (one boolean PRIMARY KEY DEFAULT true CHECK (one));
        -- The cell's feed fetcher: one site at a time, for a while (a lease a fetcher that dies lets run out), so
        -- twenty sites do not all ask a public service. Nobody but the owner reads or writes it directly.
        CREATE TABLE IF NOT EXISTS crisiscell.fetcher (
          one boolean PRIMARY KEY DEFAULT true CHECK (one),
          site text NOT NULL,
          login text NOT NULL,
          until timestamptz NOT NULL
        );
        INSERT INTO crisiscell.writers VALUES (true) ON CONFLICT DO NOTHING;

        -- Version 1's stamp trigger goes: append() stamps and checks every row itself.
        DROP TRIGGER IF EXISTS stamp ON crisiscell.operations;
        DROP FUNCTION IF EXISTS crisiscell.stamp();
        CREATE OR REPLACE FUNCTION crisiscell.refuse_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
          RAISE EXCEPTION '% on crisiscell.% refused: its rows are never changed or removed', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
        END $$;
        \#(Schema.appendOnlyTriggers)

        -- The number the next operation must follow: the newest operation's, or the newest snapshot's.
        CREATE OR REPLACE FUNCTION crisiscell.head() RETURNS pg_catalog.int8 LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
          SELECT GREATEST((SELECT COALESCE(pg_catalog.max(o.seq), 0) FROM crisiscell.operations o), (SELECT COALESCE(pg_catalog.max(s.seq), 0) FROM crisiscell.snapshots s))
        $$;

        """#
    }

    /// One operation checked against the table of kinds, and the writers' lock.
    var operationChecks: String {
        #"""
        -- One operation checked against the table of kinds (generated from OperationShape): JSON, one object with
        -- exactly one key naming a known kind, whose value is an object of that kind's fields only; no NUL, no
        -- deeper nesting than clients read, at most the size limit. Returns its kind and the text to store: the
        -- JSON as PostgreSQL parsed it (keys unescaped, duplicates gone), so what is checked is what every site
        -- reads. `n` names the operation in messages.
        CREATE OR REPLACE FUNCTION crisiscell.check_op(n pg_catalog.int4, op pg_catalog.text, OUT kind pg_catalog.text, OUT canonical pg_catalog.text)
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
          shape CONSTANT pg_catalog.jsonb := \#(Schema.literal(Schema.shapeJSON))::pg_catalog.jsonb;
          doc pg_catalog.jsonb; body pg_catalog.jsonb; keys pg_catalog.text[]; bad pg_catalog.text;
        BEGIN
          IF op IS NULL THEN
            RAISE EXCEPTION 'operation % is missing (null)', n USING ERRCODE = '22023';
          END IF;
          IF pg_catalog.octet_length(op) > \#(maxOp) THEN
            RAISE EXCEPTION 'operation % is % bytes; the limit is \#(maxOp) bytes', n, pg_catalog.octet_length(op) USING ERRCODE = '54000';
          END IF;
          BEGIN
            doc := op::pg_catalog.jsonb;
          EXCEPTION WHEN OTHERS THEN
            IF pg_catalog.strpos(op, E'\\u0000') > 0 THEN
              RAISE EXCEPTION 'operation % holds a NUL character (u+0000), which is never stored', n USING ERRCODE = '22023';
            END IF;
            RAISE EXCEPTION 'operation % is not valid JSON: %', n, SQLERRM USING ERRCODE = '22023';
          END;
          IF pg_catalog.jsonb_typeof(doc) <> 'object' THEN
            RAISE EXCEPTION 'operation % must be a JSON object with one key naming its kind, not a JSON %', n, pg_catalog.jsonb_typeof(doc) USING ERRCODE = '22023';
          END IF;
          keys := ARRAY(SELECT pg_catalog.to_json(x)::pg_catalog.text FROM pg_catalog.jsonb_object_keys(doc) AS x);
          IF pg_catalog.cardinality(keys) <> 1 THEN
            RAISE EXCEPTION 'operation % must have exactly one key, its kind; it has %', n,
              CASE WHEN pg_catalog.cardinality(keys) = 0 THEN 'none' ELSE pg_catalog.array_to_string(keys, ', ') END USING ERRCODE = '22023';
          END IF;
          kind := (SELECT x FROM pg_catalog.jsonb_object_keys(doc) AS x);
          IF NOT shape ? kind THEN
            RAISE EXCEPTION 'operation % has an unknown kind %', n, keys[1] USING ERRCODE = '22023';
          END IF;
          body := doc -> kind;
          IF pg_catalog.jsonb_typeof(body) <> 'object' THEN
            RAISE EXCEPTION 'operation % (%) must hold a JSON object, not a JSON %', n, kind, pg_catalog.jsonb_typeof(body) USING ERRCODE = '22023';
          END IF;
          SELECT pg_catalog.to_json(f)::pg_catalog.text INTO bad FROM pg_catalog.jsonb_object_keys(body) AS f WHERE NOT (shape -> kind) ? f LIMIT 1;
          IF FOUND THEN
            RAISE EXCEPTION 'operation % (%) has an unknown field %', n, kind, bad USING ERRCODE = '22023';
          END IF;
          IF pg_catalog.jsonb_path_exists(doc, 'strict $.**{\#(maxDepth)} ? (@.type() == "object" || @.type() == "array")') THEN
            RAISE EXCEPTION 'operation % nests deeper than \#(maxDepth) levels', n USING ERRCODE = '22023';
          END IF;
          canonical := doc::pg_catalog.text;
        END $$;

        -- The writers' lock, held by the caller's transaction until it ends: taken right after BEGIN, before catching
        -- up and checking, then append() in the same transaction. Only officers can take it (nobody else can even
        -- read the row). Waits at most wait_ms (1 to 60000; lock_timeout is set for this function alone), then says
        -- who holds it.
        CREATE OR REPLACE FUNCTION crisiscell.lock_writers(wait_ms pg_catalog.int4) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '5s' AS $$
        DECLARE
          waiting CONSTANT pg_catalog.int4 := LEAST(GREATEST(COALESCE(wait_ms, 5000), 1), 60000);
          who pg_catalog.text; since pg_catalog.timestamptz;
        BEGIN
          IF NOT pg_catalog.pg_has_role(session_user, \#(Schema.literal(officer)), 'MEMBER') THEN
            RAISE EXCEPTION '% may only read this database', session_user
              USING ERRCODE = '42501', HINT = 'an admin can grant it: crisiscell db grant ' || session_user || ' officer';
          END IF;
          PERFORM pg_catalog.set_config('lock_timeout', waiting::pg_catalog.text || 'ms', true);
          BEGIN
            PERFORM 1 FROM crisiscell.writers w FOR UPDATE;
            IF NOT FOUND THEN
              RAISE EXCEPTION 'the writers'' lock is missing from the database' USING ERRCODE = '55000', HINT = 'its owner runs crisiscell db init again';
            END IF;
            -- A writer whose link dies (or that stops) while it holds the lock must not stall the cell: the server
            -- ends its transaction once it has been idle in it for 10 s, and the lock goes with it.
            PERFORM pg_catalog.set_config('idle_in_transaction_session_timeout', '10s', true);
          EXCEPTION WHEN lock_not_available THEN
            -- The holder: the other session holding the table's row-share lock (taken by FOR UPDATE, kept until its
            -- transaction ends) that is not itself waiting for the row. (The row's xmax names a subtransaction,
            -- which pg_locks does not show once it is done.)
            SELECT s.usename, s.xact_start INTO who, since
              FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity s ON s.pid = l.pid
              WHERE l.locktype = 'relation' AND l.relation = 'crisiscell.writers'::pg_catalog.regclass AND l.mode = 'RowShareLock' AND l.granted
                AND l.pid <> pg_catalog.pg_backend_pid()
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_locks x WHERE x.pid = l.pid AND NOT x.granted AND x.locktype IN ('transactionid', 'tuple'))
              ORDER BY s.xact_start LIMIT 1;
            IF who IS NULL THEN
              RAISE EXCEPTION 'the database is busy: another session holds the writers'' lock' USING ERRCODE = '55P03', DETAIL = 'waited ' || waiting || ' ms';
            ELSIF since IS NULL THEN
              RAISE EXCEPTION 'the database is busy: % holds the writers'' lock', who USING ERRCODE = '55P03', DETAIL = 'waited ' || waiting || ' ms';
            END IF;
            RAISE EXCEPTION 'the database is busy: % has held the writers'' lock since %', who, pg_catalog.to_char(since AT TIME ZONE 'UTC', 'HH24:MI:SS')
              USING ERRCODE = '55P03', DETAIL = 'waited ' || waiting || ' ms; the time is UTC';
          END;
        END $$;

        """#
    }
}
