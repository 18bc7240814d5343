import CrisisCore
import Foundation

/// The database's side, version 2: the database is the authority and trusts no client. An append-only table of
/// operations numbered by the database (gapless, under a writers' lock only officers can take), each checked
/// against the table of kinds and fields generated from `OperationShape`, the server's clock and login recorded
/// with it; snapshots for fast loading; presence; and three group roles of this cell alone, named after its
/// database, whose privileges PostgreSQL itself enforces. No role but the owner writes a table: clients write
/// only through SECURITY DEFINER functions with a pinned search_path. `db init` runs the script in one
/// transaction, on an empty database or a version 1 one; every statement may run again.
enum Schema {
    static let version = 2
    static let channel = "crisiscell"

    static let roles = ["viewer", "officer", "admin"]
    /// Version 1's roles, shared by every database on the server. An upgrade gives their members the matching
    /// role of this cell and takes every privilege on this database's schema from them; they are not dropped
    /// (other databases on the server may still use them).
    static let legacyRoles = ["crisiscell_viewer", "crisiscell_officer", "crisiscell_admin"]

    /// PostgreSQL's limit on a name, in bytes.
    static let maxNameBytes = 63
    /// The longest prefix that leaves room for the longest role suffix ("_officer").
    static var maxPrefixBytes: Int { maxNameBytes - 1 - (roles.map(\.utf8.count).max() ?? 0) }

    /// The roles' prefix for a database: `crisiscell_<name>` when the name is lower-case ASCII letters, digits
    /// and underscores and the longest role name fits 63 bytes; otherwise (a long name, capitals, a dash,
    /// anything else) `crisiscell_<the name, lower-cased, other characters as _, at most 35 of them>_<8 hex
    /// digits of a hash of the whole name>`, so every prefix is a plain identifier that fits. Two databases
    /// never share roles: each role carries its cell's id in its comment, and `db init` refuses a role of the
    /// right name that belongs to another cell. The prefix is stored in crisiscell.meta ('roles'); clients and
    /// `db grant` read it there rather than computing it (a renamed database keeps its roles).
    static func rolePrefix(database: String) throws -> String {
        guard !database.isEmpty else { throw DatabaseError(message: "the database has no name: cannot name its roles") }
        let plain = "crisiscell_" + database
        if isValidPrefix(plain) { return plain }
        var kept = ""
        for s in database.unicodeScalars {
            switch s.value {
            case 0x61...0x7A, 0x30...0x39, 0x5F: kept.unicodeScalars.append(s)
            case 0x41...0x5A: kept.unicodeScalars.append(Unicode.Scalar(s.value + 0x20)!)
            default: kept += "_"
            }
        }
        let room = maxPrefixBytes - "crisiscell_".utf8.count - 1 - 8
        let prefix = "crisiscell_" + String(kept.prefix(room)) + "_" + hash8(database)
        guard isValidPrefix(prefix) else {
            throw DatabaseError(message: "cannot name the roles of the database '\(database)' within PostgreSQL's 63 bytes")
        }
        return prefix
    }

    /// A role of the cell whose prefix is `prefix` ("viewer", "officer", "admin").
    static func role(_ name: String, prefix: String) -> String { "\(prefix)_\(name)" }

    /// `crisiscell_` and then lower-case ASCII letters, digits and underscores, at most `maxPrefixBytes`.
    static func isValidPrefix(_ prefix: String) -> Bool {
        prefix.hasPrefix("crisiscell_") && prefix.utf8.count > "crisiscell_".utf8.count && prefix.utf8.count <= maxPrefixBytes
            && prefix.unicodeScalars.allSatisfy { (0x61...0x7A).contains($0.value) || (0x30...0x39).contains($0.value) || $0.value == 0x5F }
    }

    /// FNV-1a, 32 bits, of the name's UTF-8: 8 lower-case hex digits.
    private static func hash8(_ text: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in text.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The statements of the script for the roles `prefix`, one by one (the extended protocol takes one at a
    /// time): split at a semicolon ending a line outside a $$ body. A prefix that is not one `rolePrefix` makes
    /// gives one statement that fails, saying so.
    static func statements(prefix: String) -> [String] {
        guard isValidPrefix(prefix) else {
            return ["DO $$ BEGIN RAISE EXCEPTION 'crisiscell: the roles'' prefix must be crisiscell_ then lower-case letters, digits and underscores, at most \(maxPrefixBytes) bytes' USING ERRCODE = '22023'; END $$"]
        }
        var out: [String] = [], current = "", inBody = false
        for line in script(prefix: prefix).split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(line)
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("--") && !inBody { continue }
            current += text + "\n"
            if text.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody && text.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                out.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { out.append(rest) }
        return out
    }

    // MARK: Rendering

    /// An SQL string literal.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
    /// An SQL identifier, always quoted.
    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    private static func jsonString(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if s.value < 0x20 { out += String(format: "\\u%04x", s.value) } else { out.unicodeScalars.append(s) }
            }
        }
        return out + "\""
    }

    /// OperationShape.fields as one JSON object, kinds sorted: {"addCountry":["code"],...}.
    static var shapeJSON: String {
        "{" + OperationShape.fields.keys.sorted().map { kind in
            jsonString(kind) + ":[" + (OperationShape.fields[kind] ?? []).map(jsonString).joined(separator: ",") + "]"
        }.joined(separator: ",") + "}"
    }

    /// What an admin-only kind does, for the refusal: "only a crisiscell admin may ...".
    static let adminOnlyPhrases = ["deleteCrisis": "delete a crisis", "setCell": "change the cell's settings"]

    private static var adminOnlyArray: String {
        "ARRAY[" + OperationShape.adminOnly.sorted().map(literal).joined(separator: ", ") + "]::pg_catalog.text[]"
    }

    private static var adminOnlyCase: String {
        "CASE k " + OperationShape.adminOnly.sorted().map { "WHEN \(literal($0)) THEN \(literal(adminOnlyPhrases[$0] ?? "send a \($0)"))" }.joined(separator: " ")
            + " ELSE 'send a ' || k END"
    }

    /// The whole script. Every function that writes is SECURITY DEFINER with search_path pinned to pg_catalog,
    /// pg_temp, names every function and type by its schema, and is executable by one cell role only; the
    /// caller is known by session_user (what SET ROLE does not change).
    /// Rows of these tables are never changed or removed, nor the tables truncated: even the owner is refused
    /// (the owner can still drop a trigger; nothing in PostgreSQL stops a table's owner).
    static let appendOnlyTables = ["operations", "snapshots", "retired", "writers"]
    static var appendOnlyTriggers: String {
        appendOnlyTables.map { t in
            """
                DROP TRIGGER IF EXISTS append_only ON crisiscell.\(t);
                CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON crisiscell.\(t) FOR EACH ROW EXECUTE FUNCTION crisiscell.refuse_change();
                DROP TRIGGER IF EXISTS no_truncate ON crisiscell.\(t);
                CREATE TRIGGER no_truncate BEFORE TRUNCATE ON crisiscell.\(t) FOR EACH STATEMENT EXECUTE FUNCTION crisiscell.refuse_change();
            """
        }.joined(separator: "\n")
    }

    static func script(prefix: String) -> String {
        let viewer = role("viewer", prefix: prefix), officer = role("officer", prefix: prefix), admin = role("admin", prefix: prefix)
        let v = identifier(viewer), o = identifier(officer), a = identifier(admin)
        let maxOp = OperationShape.maxOperationBytes, maxBatch = OperationShape.maxBatchBytes, maxDepth = StrictJSON.maxDepth
        let legacy = "ARRAY[" + legacyRoles.map(literal).joined(separator: ", ") + "]::pg_catalog.text[]"
        return #"""
    -- Version 2 over a newer schema, or over roles named otherwise than this database's, is refused.
    DO $$
    DECLARE v pg_catalog.text; r pg_catalog.text;
    BEGIN
      IF pg_catalog.to_regclass('crisiscell.meta') IS NOT NULL THEN
        EXECUTE 'SELECT value FROM crisiscell.meta WHERE key = ''version''' INTO v;
        EXECUTE 'SELECT value FROM crisiscell.meta WHERE key = ''roles''' INTO r;
        IF v ~ '^[0-9]+$' AND v::pg_catalog.int4 > \#(version) THEN
          RAISE EXCEPTION 'this database has CrisisCell schema version %; this program knows \#(version): upgrade crisiscell', v USING ERRCODE = '55000';
        END IF;
        IF r IS NOT NULL AND r <> \#(literal(prefix)) THEN
          RAISE EXCEPTION 'this database''s roles are %_viewer, %_officer and %_admin (crisiscell.meta, key roles), not %_...', r, r, r, \#(literal(prefix))
            USING ERRCODE = '55000', HINT = 'db init takes the prefix crisiscell.meta holds';
        END IF;
      END IF;
    END $$;

    CREATE SCHEMA IF NOT EXISTS crisiscell;
    CREATE TABLE IF NOT EXISTS crisiscell.meta (key text PRIMARY KEY, value text NOT NULL);
    INSERT INTO crisiscell.meta VALUES ('cell', pg_catalog.md5(pg_catalog.random()::pg_catalog.text || pg_catalog.clock_timestamp()::pg_catalog.text)) ON CONFLICT (key) DO NOTHING;
    -- A new database is version 2 from here on; a version 1 one stays 1 until the end (the upgrade steps below look).
    INSERT INTO crisiscell.meta VALUES ('version', '\#(version)') ON CONFLICT (key) DO NOTHING;
    INSERT INTO crisiscell.meta VALUES ('roles', \#(literal(prefix))) ON CONFLICT (key) DO NOTHING;

    -- The cell's three roles, of this database alone. Each carries the cell's id in its comment: a role of that
    -- name made for another database (or by hand) is refused, never shared.
    DO $$
    DECLARE
      cell pg_catalog.text := (SELECT m.value FROM crisiscell.meta m WHERE m.key = 'cell');
      r pg_catalog.text; name pg_catalog.text; said pg_catalog.text; found_role record;
    BEGIN
      FOREACH r IN ARRAY ARRAY['viewer', 'officer', 'admin'] LOOP
        name := \#(literal(prefix)) || '_' || r;
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
    INSERT INTO crisiscell.writers VALUES (true) ON CONFLICT DO NOTHING;

    -- Version 1's stamp trigger goes: append() stamps and checks every row itself.
    DROP TRIGGER IF EXISTS stamp ON crisiscell.operations;
    DROP FUNCTION IF EXISTS crisiscell.stamp();
    CREATE OR REPLACE FUNCTION crisiscell.refuse_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
      RAISE EXCEPTION '% on crisiscell.% refused: its rows are never changed or removed', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
    END $$;
    \#(appendOnlyTriggers)

    -- The number the next operation must follow: the newest operation's, or the newest snapshot's.
    CREATE OR REPLACE FUNCTION crisiscell.head() RETURNS pg_catalog.int8 LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
      SELECT GREATEST((SELECT COALESCE(pg_catalog.max(o.seq), 0) FROM crisiscell.operations o), (SELECT COALESCE(pg_catalog.max(s.seq), 0) FROM crisiscell.snapshots s))
    $$;

    -- One operation checked against the table of kinds (generated from OperationShape): JSON, one object with
    -- exactly one key naming a known kind, whose value is an object of that kind's fields only; no NUL, no
    -- deeper nesting than clients read, at most the size limit. Returns its kind and the text to store: the
    -- JSON as PostgreSQL parsed it (keys unescaped, duplicates gone), so what is checked is what every site
    -- reads. `n` names the operation in messages.
    CREATE OR REPLACE FUNCTION crisiscell.check_op(n pg_catalog.int4, op pg_catalog.text, OUT kind pg_catalog.text, OUT canonical pg_catalog.text)
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      shape CONSTANT pg_catalog.jsonb := \#(literal(shapeJSON))::pg_catalog.jsonb;
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
      IF NOT pg_catalog.pg_has_role(session_user, \#(literal(officer)), 'MEMBER') THEN
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

    -- Appends operations the client checked against the state at `base`, under the writers' lock (taken here
    -- too, at once when the caller holds it already). A request already appended returns its rows again; a
    -- head that moved returns no row (the client catches up and tries again). Every operation is checked
    -- before any is written; the database numbers them (base + 1, ...), stamps them with its clock and the
    -- login, and tells listeners the new head.
    DROP FUNCTION IF EXISTS crisiscell.append(bigint, text[]);
    CREATE OR REPLACE FUNCTION crisiscell.append(base pg_catalog.int8, ops pg_catalog.text[], req pg_catalog.text)
    RETURNS TABLE(seq pg_catalog.int8, at pg_catalog.timestamptz, operator pg_catalog.text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      who CONSTANT pg_catalog.text := session_user;
      is_admin CONSTANT pg_catalog.bool := pg_catalog.pg_has_role(session_user, \#(literal(admin)), 'MEMBER');
      admin_only CONSTANT pg_catalog.text[] := \#(adminOnlyArray);
      top pg_catalog.int8; total pg_catalog.int8; i pg_catalog.int4 := 0;
      one pg_catalog.text; k pg_catalog.text; c pg_catalog.text;
      kinds pg_catalog.text[] := '{}'; texts pg_catalog.text[] := '{}';
      stamp pg_catalog.timestamptz;
    BEGIN
      IF NOT pg_catalog.pg_has_role(session_user, \#(literal(officer)), 'MEMBER') THEN
        RAISE EXCEPTION '% may only read this database', session_user
          USING ERRCODE = '42501', HINT = 'an admin can grant it: crisiscell db grant ' || session_user || ' officer';
      END IF;
      IF base IS NULL OR base < 0 THEN
        RAISE EXCEPTION 'append needs the number the operations follow (0 or more), not %', COALESCE(base::pg_catalog.text, 'null') USING ERRCODE = '22023';
      END IF;
      IF req IS NULL OR pg_catalog.length(req) NOT BETWEEN 1 AND 200 OR pg_catalog.strpos(req, '#') > 0 THEN
        RAISE EXCEPTION 'a request id is 1 to 200 characters, without #' USING ERRCODE = '22023';
      END IF;
      IF ops IS NULL OR pg_catalog.cardinality(ops) = 0 OR pg_catalog.array_ndims(ops) <> 1 THEN
        RAISE EXCEPTION 'append needs a list of one or more operations' USING ERRCODE = '22023';
      END IF;
      PERFORM crisiscell.lock_writers(5000);
      IF EXISTS (SELECT 1 FROM crisiscell.operations o WHERE o.request = req || '#1') THEN
        LOOP
          i := i + 1;
          RETURN QUERY SELECT o.seq, o.at, o.operator FROM crisiscell.operations o WHERE o.request = req || '#' || i::pg_catalog.text;
          EXIT WHEN NOT FOUND;
        END LOOP;
        RETURN;
      END IF;
      top := crisiscell.head();
      IF base > top THEN
        RAISE EXCEPTION 'the database''s operations end at %: % is ahead of them', top, base USING ERRCODE = '22023';
      END IF;
      IF base <> top THEN
        RETURN;
      END IF;
      total := (SELECT pg_catalog.sum(pg_catalog.octet_length(x)) FROM pg_catalog.unnest(ops) AS x);
      IF total > \#(maxBatch) THEN
        RAISE EXCEPTION 'the batch is % bytes; the limit is \#(maxBatch) bytes', total USING ERRCODE = '54000';
      END IF;
      FOREACH one IN ARRAY ops LOOP
        i := i + 1;
        SELECT r.kind, r.canonical INTO k, c FROM crisiscell.check_op(i, one) AS r;
        IF k = ANY (admin_only) AND NOT is_admin THEN
          RAISE EXCEPTION 'only a crisiscell admin may %', \#(adminOnlyCase)
            USING ERRCODE = '42501', DETAIL = 'operation ' || i || ' is ' || k, HINT = 'an admin can grant it: crisiscell db grant ' || who || ' admin';
        END IF;
        kinds := kinds || k;
        texts := texts || c;
      END LOOP;
      stamp := pg_catalog.date_trunc('milliseconds', pg_catalog.clock_timestamp());
      INSERT INTO crisiscell.operations (seq, at, operator, kind, op, request)
        SELECT base + t.n, stamp, who, t.k, t.c, req || '#' || t.n::pg_catalog.text
        FROM ROWS FROM (pg_catalog.unnest(kinds), pg_catalog.unnest(texts)) WITH ORDINALITY AS t(k, c, n);
      RETURN QUERY SELECT o.seq, o.at, o.operator FROM crisiscell.operations o WHERE o.seq > base AND o.seq <= base + i ORDER BY o.seq;
      PERFORM pg_catalog.pg_notify(\#(literal(channel)), (base + i)::pg_catalog.text);
    END $$;

    -- Presence: a console says it is here (its own row: login = session_user) and gone (its own row only).
    CREATE OR REPLACE FUNCTION crisiscell.here(host pg_catalog.text, pid pg_catalog.int4) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    #variable_conflict use_column
    BEGIN
      IF NOT pg_catalog.pg_has_role(session_user, \#(literal(viewer)), 'MEMBER') THEN
        RAISE EXCEPTION '% has no role in this cell', session_user USING ERRCODE = '42501', HINT = 'an admin can grant it: crisiscell db grant ' || session_user || ' viewer';
      END IF;
      IF here.host IS NULL OR pg_catalog.length(here.host) NOT BETWEEN 1 AND 255 OR here.pid IS NULL THEN
        RAISE EXCEPTION 'presence needs a host (1 to 255 characters) and a process id' USING ERRCODE = '22023';
      END IF;
      DELETE FROM crisiscell.presence p WHERE p.login = session_user AND p.heartbeat < pg_catalog.now() - '1 hour'::pg_catalog.interval;
      IF NOT EXISTS (SELECT 1 FROM crisiscell.presence p WHERE p.login = session_user AND p.host = here.host AND p.pid = here.pid)
         AND (SELECT pg_catalog.count(*) FROM crisiscell.presence p WHERE p.login = session_user) >= 64 THEN
        RAISE EXCEPTION '% is present 64 times already', session_user USING ERRCODE = '54000';
      END IF;
      INSERT INTO crisiscell.presence AS p (login, host, pid, heartbeat) VALUES (session_user, here.host, here.pid, pg_catalog.now())
        ON CONFLICT ON CONSTRAINT presence_pkey DO UPDATE SET heartbeat = pg_catalog.now();
    END $$;
    CREATE OR REPLACE FUNCTION crisiscell.gone(host pg_catalog.text, pid pg_catalog.int4) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    #variable_conflict use_column
    BEGIN
      DELETE FROM crisiscell.presence p WHERE p.login = session_user AND p.host = gone.host AND p.pid = gone.pid;
    END $$;

    -- A snapshot (admin): at an operation the database holds, or at any number in a database that holds nothing
    -- yet (db push); the world as SnapshotFile writes it, saying the same number. One already there stays.
    CREATE OR REPLACE FUNCTION crisiscell.put_snapshot(seq pg_catalog.int8, world pg_catalog.text) RETURNS pg_catalog.bool
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    #variable_conflict use_column
    DECLARE top pg_catalog.int8; doc pg_catalog.jsonb; written pg_catalog.int8;
    BEGIN
      IF NOT pg_catalog.pg_has_role(session_user, \#(literal(admin)), 'MEMBER') THEN
        RAISE EXCEPTION 'only a crisiscell admin writes snapshots' USING ERRCODE = '42501', HINT = 'an admin can grant it: crisiscell db grant ' || session_user || ' admin';
      END IF;
      IF put_snapshot.seq IS NULL OR put_snapshot.world IS NULL THEN
        RAISE EXCEPTION 'a snapshot needs a number and a world' USING ERRCODE = '22023';
      END IF;
      PERFORM crisiscell.lock_writers(5000);
      top := crisiscell.head();
      IF put_snapshot.seq < 1 OR (put_snapshot.seq > top AND top > 0) THEN
        RAISE EXCEPTION 'a snapshot is at an operation the database holds (1 to %), not %', top, put_snapshot.seq USING ERRCODE = '22023';
      END IF;
      BEGIN
        doc := put_snapshot.world::pg_catalog.jsonb;
      EXCEPTION WHEN OTHERS THEN
        RAISE EXCEPTION 'the snapshot is not valid JSON: %', SQLERRM USING ERRCODE = '22023';
      END;
      IF pg_catalog.jsonb_typeof(doc) <> 'object' OR (doc ->> 'format') IS DISTINCT FROM 'crisiscell-snapshot' THEN
        RAISE EXCEPTION 'the snapshot is not a CrisisCell snapshot (format crisiscell-snapshot)' USING ERRCODE = '22023';
      END IF;
      IF (doc -> 'seq') IS DISTINCT FROM pg_catalog.to_jsonb(put_snapshot.seq) THEN
        RAISE EXCEPTION 'the snapshot says it is at operation %, not %', COALESCE(doc ->> 'seq', 'none'), put_snapshot.seq USING ERRCODE = '22023';
      END IF;
      INSERT INTO crisiscell.snapshots AS s (seq, at, written_by, world) VALUES (put_snapshot.seq, pg_catalog.now(), session_user, put_snapshot.world)
        ON CONFLICT ON CONSTRAINT snapshots_pkey DO NOTHING;
      GET DIAGNOSTICS written = ROW_COUNT;
      RETURN written > 0;
    END $$;

    -- Sets an unreadable operation aside (admin): it stays in the table, and every site keeps setting it aside as it reads it.
    CREATE OR REPLACE FUNCTION crisiscell.retire(seq pg_catalog.int8, why pg_catalog.text) RETURNS pg_catalog.bool
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    #variable_conflict use_column
    DECLARE written pg_catalog.int8;
    BEGIN
      IF NOT pg_catalog.pg_has_role(session_user, \#(literal(admin)), 'MEMBER') THEN
        RAISE EXCEPTION 'only a crisiscell admin may retire an operation' USING ERRCODE = '42501', HINT = 'an admin can grant it: crisiscell db grant ' || session_user || ' admin';
      END IF;
      IF retire.why IS NULL OR pg_catalog.length(pg_catalog.btrim(retire.why)) = 0 OR pg_catalog.length(retire.why) > 1000 THEN
        RAISE EXCEPTION 'say why the operation is retired (1 to 1000 characters)' USING ERRCODE = '22023';
      END IF;
      IF retire.seq IS NULL OR NOT EXISTS (SELECT 1 FROM crisiscell.operations o WHERE o.seq = retire.seq) THEN
        RAISE EXCEPTION 'the database holds no operation %', COALESCE(retire.seq::pg_catalog.text, 'null') USING ERRCODE = '22023';
      END IF;
      INSERT INTO crisiscell.retired AS r (seq, by, at, why) VALUES (retire.seq, session_user, pg_catalog.now(), retire.why)
        ON CONFLICT ON CONSTRAINT retired_pkey DO NOTHING;
      GET DIAGNOSTICS written = ROW_COUNT;
      RETURN written > 0;
    END $$;

    -- Upgrade from version 1: the members of the server-wide roles get this cell's matching role (an admin WITH
    -- ADMIN OPTION), each named in a notice; and the operations written under version 1 that version 2 would
    -- refuse are named in a warning (an admin may retire an unreadable one). The old roles lose every
    -- privilege on this schema below, with everyone else's.
    DO $$
    DECLARE m record;
    BEGIN
      IF (SELECT x.value FROM crisiscell.meta x WHERE x.key = 'version') IS DISTINCT FROM '1' THEN RETURN; END IF;
      FOR m IN
        SELECT g.rolname AS legacy, u.rolname AS member
        FROM pg_catalog.pg_auth_members am
        JOIN pg_catalog.pg_roles g ON g.oid = am.roleid
        JOIN pg_catalog.pg_roles u ON u.oid = am.member
        WHERE g.rolname = ANY (\#(legacy)) AND NOT u.rolname = ANY (\#(legacy))
          AND NOT u.rolname = ANY (ARRAY[\#(literal(viewer)), \#(literal(officer)), \#(literal(admin))])
        ORDER BY 2, 1
      LOOP
        EXECUTE pg_catalog.format('GRANT %I TO %I%s', \#(literal(prefix)) || pg_catalog.substr(m.legacy, 11), m.member,
          CASE WHEN m.legacy = 'crisiscell_admin' THEN ' WITH ADMIN OPTION' ELSE '' END);
        RAISE NOTICE '% (a member of %) is now a member of %', m.member, m.legacy, \#(literal(prefix)) || pg_catalog.substr(m.legacy, 11);
      END LOOP;
    END $$;
    DO $$
    DECLARE r record; k pg_catalog.text; c pg_catalog.text; bad pg_catalog.text[] := '{}'; expected pg_catalog.int8 := NULL;
    BEGIN
      IF (SELECT x.value FROM crisiscell.meta x WHERE x.key = 'version') IS DISTINCT FROM '1' THEN RETURN; END IF;
      FOR r IN SELECT o.seq, o.kind, o.op FROM crisiscell.operations o ORDER BY o.seq LOOP
        IF expected IS NOT NULL AND r.seq <> expected THEN bad := bad || ('gap before ' || r.seq); END IF;
        expected := r.seq + 1;
        BEGIN
          SELECT x.kind, x.canonical INTO k, c FROM crisiscell.check_op(0, r.op) AS x;
          IF k <> r.kind THEN bad := bad || (r.seq || ' (stored as ' || r.kind || ', is ' || k || ')'); END IF;
        EXCEPTION WHEN OTHERS THEN
          bad := bad || (r.seq || ' (' || SQLERRM || ')');
        END;
      END LOOP;
      IF pg_catalog.cardinality(bad) > 0 THEN
        RAISE WARNING 'operations written under version 1 that version 2 refuses: %', pg_catalog.array_to_string(bad[1:20], '; ')
          USING HINT = 'check them with crisiscell check --db; an admin retires an unreadable one with crisiscell.retire(seq, why)';
      END IF;
    END $$;

    -- No role but the owner holds any privilege here until granted below: every grant on the schema, its tables
    -- (and their columns) and its functions is revoked, from PUBLIC, version 1's roles and anyone else.
    DO $$
    DECLARE r record;
    BEGIN
      FOR r IN
        SELECT 'TABLE' AS what, c.oid::pg_catalog.regclass::pg_catalog.text AS obj, a.grantee
          FROM pg_catalog.pg_class c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
          WHERE c.relnamespace = 'crisiscell'::pg_catalog.regnamespace AND a.grantee <> c.relowner
        UNION
        SELECT 'TABLE', c.oid::pg_catalog.regclass::pg_catalog.text, a.grantee
          FROM pg_catalog.pg_attribute t JOIN pg_catalog.pg_class c ON c.oid = t.attrelid CROSS JOIN LATERAL pg_catalog.aclexplode(t.attacl) a
          WHERE c.relnamespace = 'crisiscell'::pg_catalog.regnamespace AND a.grantee <> c.relowner
        UNION
        SELECT 'FUNCTION', p.oid::pg_catalog.regprocedure::pg_catalog.text, a.grantee
          FROM pg_catalog.pg_proc p CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
          WHERE p.pronamespace = 'crisiscell'::pg_catalog.regnamespace AND a.grantee <> p.proowner
        UNION
        SELECT 'SCHEMA', 'crisiscell', a.grantee
          FROM pg_catalog.pg_namespace n CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) a
          WHERE n.nspname = 'crisiscell' AND a.grantee <> n.nspowner
      LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON %s %s FROM %s CASCADE', r.what, r.obj,
          CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.grantee)) END);
      END LOOP;
    END $$;
    GRANT USAGE ON SCHEMA crisiscell TO \#(v);
    GRANT SELECT ON crisiscell.meta, crisiscell.operations, crisiscell.snapshots, crisiscell.presence, crisiscell.retired TO \#(v);
    GRANT EXECUTE ON FUNCTION crisiscell.head(), crisiscell.check_op(integer, text), crisiscell.here(text, integer), crisiscell.gone(text, integer) TO \#(v);
    GRANT EXECUTE ON FUNCTION crisiscell.append(bigint, text[], text), crisiscell.lock_writers(integer) TO \#(o);
    GRANT EXECUTE ON FUNCTION crisiscell.put_snapshot(bigint, text), crisiscell.retire(bigint, text) TO \#(a);

    UPDATE crisiscell.meta SET value = '\#(version)' WHERE key = 'version';
    """#
    }
}
