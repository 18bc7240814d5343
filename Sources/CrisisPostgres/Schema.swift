/// The database's side: an append-only table of operations numbered by the database under one lock, the
/// server's clock and login recorded with each, snapshots for fast loading, presence, and three group roles
/// whose privileges PostgreSQL itself enforces. `db init` runs it; every statement may run again.
enum Schema {
    static let version = 1
    static let channel = "crisiscell"

    static let roles = ["viewer", "officer", "admin"]
    static func role(_ name: String) -> String { "crisiscell_\(name)" }

    /// The statements of `create`, one by one (the extended protocol takes one at a time): split at a
    /// semicolon ending a line outside a $$ body.
    static var statements: [String] {
        var out: [String] = [], current = "", inBody = false
        for line in create.split(separator: "\n", omittingEmptySubsequences: false) {
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

    static let create = """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crisiscell_viewer') THEN CREATE ROLE crisiscell_viewer NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crisiscell_officer') THEN CREATE ROLE crisiscell_officer NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crisiscell_admin') THEN CREATE ROLE crisiscell_admin NOLOGIN; END IF;
    END $$;
    GRANT crisiscell_viewer TO crisiscell_officer;
    GRANT crisiscell_officer TO crisiscell_admin;

    CREATE SCHEMA IF NOT EXISTS crisiscell;
    CREATE TABLE IF NOT EXISTS crisiscell.meta (key text PRIMARY KEY, value text NOT NULL);
    INSERT INTO crisiscell.meta VALUES ('cell', md5(random()::text || clock_timestamp()::text)) ON CONFLICT (key) DO NOTHING;
    INSERT INTO crisiscell.meta VALUES ('version', '1') ON CONFLICT (key) DO NOTHING;

    -- One row an operation, never changed or removed. seq is given by append() under a lock: no gaps.
    CREATE TABLE IF NOT EXISTS crisiscell.operations (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      operator text NOT NULL,
      kind text NOT NULL,
      op text NOT NULL
    );
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

    -- Whatever a client sends, the row says who (the login) and when (the server's clock), and only an admin
    -- may delete a crisis or change the cell's settings.
    CREATE OR REPLACE FUNCTION crisiscell.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE k text;
    BEGIN
      NEW.operator := session_user;
      NEW.at := date_trunc('milliseconds', clock_timestamp());
      SELECT key INTO k FROM jsonb_each(NEW.op::jsonb) LIMIT 1;
      IF k IS NULL THEN RAISE EXCEPTION 'an operation must name what it does' USING ERRCODE = '22023'; END IF;
      NEW.kind := k;
      IF k IN ('deleteCrisis', 'setCell') AND NOT pg_has_role(session_user, 'crisiscell_admin', 'MEMBER') THEN
        RAISE EXCEPTION 'only a crisiscell admin may %', CASE k WHEN 'deleteCrisis' THEN 'delete a crisis' ELSE 'change the cell''s settings' END
          USING ERRCODE = '42501', HINT = 'an admin can grant it: crisiscell db grant ' || session_user || ' admin';
      END IF;
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS stamp ON crisiscell.operations;
    CREATE TRIGGER stamp BEFORE INSERT ON crisiscell.operations FOR EACH ROW EXECUTE FUNCTION crisiscell.stamp();
    CREATE OR REPLACE FUNCTION crisiscell.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'operations are never changed or removed' USING ERRCODE = '42501'; END $$;
    DROP TRIGGER IF EXISTS append_only ON crisiscell.operations;
    CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON crisiscell.operations FOR EACH ROW EXECUTE FUNCTION crisiscell.refuse_change();

    -- The number the next operation must follow: the newest operation's, or the newest snapshot's.
    CREATE OR REPLACE FUNCTION crisiscell.head() RETURNS bigint LANGUAGE sql STABLE AS $$
      SELECT greatest((SELECT coalesce(max(seq), 0) FROM crisiscell.operations), (SELECT coalesce(max(seq), 0) FROM crisiscell.snapshots))
    $$;

    -- Each change carries an id the client made for it, so one sent again (a link cut while it was being
    -- committed, then the site's outbox) is recognised and never appended twice.
    ALTER TABLE crisiscell.operations ADD COLUMN IF NOT EXISTS request text;
    CREATE UNIQUE INDEX IF NOT EXISTS operations_request ON crisiscell.operations (request) WHERE request IS NOT NULL;

    -- Appends operations checked by the client against the state at `base`. The client holds the same lock
    -- from before it caught up and checked, so the head is base; if not (an older client), nothing is written
    -- and no row comes back. A request already appended returns its rows again. Runs with the caller's
    -- privileges: a viewer cannot.
    DROP FUNCTION IF EXISTS crisiscell.append(bigint, text[]);
    CREATE OR REPLACE FUNCTION crisiscell.append(base bigint, ops text[], req text) RETURNS TABLE(seq bigint, at timestamptz, operator text)
    LANGUAGE plpgsql AS $$
    DECLARE i integer;
    BEGIN
      PERFORM pg_advisory_xact_lock(7402301);
      IF EXISTS (SELECT 1 FROM crisiscell.operations o WHERE o.request = req || '#1') THEN
        RETURN QUERY SELECT o.seq, o.at, o.operator FROM crisiscell.operations o WHERE o.request LIKE req || '#%' ORDER BY o.seq;
        RETURN;
      END IF;
      IF crisiscell.head() <> base THEN RETURN; END IF;
      FOR i IN 1 .. coalesce(array_length(ops, 1), 0) LOOP
        RETURN QUERY INSERT INTO crisiscell.operations (seq, at, operator, kind, op, request)
          VALUES (base + i, now(), session_user, '', ops[i], req || '#' || i) RETURNING operations.seq, operations.at, operations.operator;
      END LOOP;
      PERFORM pg_notify('crisiscell', (base + coalesce(array_length(ops, 1), 0))::text);
    END $$;

    REVOKE ALL ON ALL TABLES IN SCHEMA crisiscell FROM PUBLIC;
    REVOKE ALL ON FUNCTION crisiscell.append(bigint, text[], text) FROM PUBLIC;
    GRANT USAGE ON SCHEMA crisiscell TO crisiscell_viewer;
    GRANT SELECT ON crisiscell.meta, crisiscell.operations, crisiscell.snapshots TO crisiscell_viewer;
    GRANT SELECT, INSERT, UPDATE, DELETE ON crisiscell.presence TO crisiscell_viewer;
    GRANT INSERT ON crisiscell.operations TO crisiscell_officer;
    GRANT EXECUTE ON FUNCTION crisiscell.append(bigint, text[], text) TO crisiscell_officer;
    GRANT INSERT ON crisiscell.snapshots TO crisiscell_admin;
    """
}
