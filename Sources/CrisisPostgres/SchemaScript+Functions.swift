import CrisisModel
import Foundation

/// The script's functions for writing, presence and snapshots, and the grants.
extension SchemaScript {
    /// append(): the one way to write.
    var appending: String {
        #"""
        -- Appends operations the client checked against the state at `base`, under the writers' lock (taken here
        -- too, at once when the caller holds it already). A request already appended returns its rows again; a
        -- head that moved returns no row (the client catches up and tries again). Every operation is checked
        -- before any is written; the database numbers them (base + 1, ...), stamps them with its clock and the
        -- login, and tells listeners the new head. `made` is when a change that waited at the site was made there: kept
        -- when it is before the server's time and within 30 days of it (a site's clock running ahead, or a date no
        -- outage explains, leaves the server's time alone).
        DROP FUNCTION IF EXISTS crisiscell.append(bigint, text[]);
        DROP FUNCTION IF EXISTS crisiscell.append(bigint, text[], text);
        CREATE OR REPLACE FUNCTION crisiscell.append(
          base pg_catalog.int8, ops pg_catalog.text[], req pg_catalog.text, made pg_catalog.timestamptz DEFAULT NULL)
        RETURNS TABLE(seq pg_catalog.int8, at pg_catalog.timestamptz, made_at pg_catalog.timestamptz, operator pg_catalog.text)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE
          who CONSTANT pg_catalog.text := session_user;
          is_admin CONSTANT pg_catalog.bool := pg_catalog.pg_has_role(session_user, \#(Schema.literal(admin)), 'MEMBER');
          admin_only CONSTANT pg_catalog.text[] := \#(Schema.adminOnlyArray);
          top pg_catalog.int8; total pg_catalog.int8; i pg_catalog.int4 := 0;
          one pg_catalog.text; k pg_catalog.text; c pg_catalog.text;
          kinds pg_catalog.text[] := '{}'; texts pg_catalog.text[] := '{}';
          stamp pg_catalog.timestamptz; kept_made pg_catalog.timestamptz;
        BEGIN
          IF NOT pg_catalog.pg_has_role(session_user, \#(Schema.literal(officer)), 'MEMBER') THEN
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
              RETURN QUERY SELECT o.seq, o.at, o.made_at, o.operator FROM crisiscell.operations o WHERE o.request = req || '#' || i::pg_catalog.text;
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
              RAISE EXCEPTION 'only a crisiscell admin may %', \#(Schema.adminOnlyCase)
                USING ERRCODE = '42501', DETAIL = 'operation ' || i || ' is ' || k, HINT = 'an admin can grant it: crisiscell db grant ' || who || ' admin';
            END IF;
            kinds := kinds || k;
            texts := texts || c;
          END LOOP;
          stamp := pg_catalog.date_trunc('milliseconds', pg_catalog.clock_timestamp());
          IF made IS NOT NULL AND made < stamp AND made >= stamp - '30 days'::pg_catalog.interval THEN
            -- To the nearest millisecond, as clients round times: a client's Date reaches here a microsecond short.
            kept_made := pg_catalog.date_trunc('milliseconds', made + '500 microseconds'::pg_catalog.interval);
          END IF;
          INSERT INTO crisiscell.operations (seq, at, made_at, operator, kind, op, request)
            SELECT base + t.n, stamp, kept_made, who, t.k, t.c, req || '#' || t.n::pg_catalog.text
            FROM ROWS FROM (pg_catalog.unnest(kinds), pg_catalog.unnest(texts)) WITH ORDINALITY AS t(k, c, n);
          RETURN QUERY SELECT o.seq, o.at, o.made_at, o.operator FROM crisiscell.operations o WHERE o.seq > base AND o.seq <= base + i ORDER BY o.seq;
          PERFORM pg_catalog.pg_notify(\#(Schema.literal(Schema.channel)), (base + i)::pg_catalog.text);
        END $$;

        """#
    }

    /// Presence, snapshots (admin) and setting an unreadable operation aside (admin).
    var presenceSnapshotsAndRetiring: String {
        #"""
        -- Presence: a console says it is here (its own row: login = session_user) and gone (its own row only).
        CREATE OR REPLACE FUNCTION crisiscell.here(host pg_catalog.text, pid pg_catalog.int4) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        #variable_conflict use_column
        BEGIN
          IF NOT pg_catalog.pg_has_role(session_user, \#(Schema.literal(viewer)), 'MEMBER') THEN
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

        -- The feed fetcher's lease (officers and admins): taken when free or run out, renewed by its holder; the
        -- answer names who holds it now and until when, so a site that did not get it can say who fetches.
        CREATE OR REPLACE FUNCTION crisiscell.claim_fetcher(site pg_catalog.text, seconds pg_catalog.int4,
          OUT held_by pg_catalog.text, OUT until pg_catalog.timestamptz)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        #variable_conflict use_column
        BEGIN
          IF NOT pg_catalog.pg_has_role(session_user, \#(Schema.literal(officer)), 'MEMBER') THEN
            RAISE EXCEPTION '% may not fetch this cell''s feeds (officers and admins do)', session_user USING ERRCODE = '42501';
          END IF;
          IF claim_fetcher.site IS NULL OR pg_catalog.length(claim_fetcher.site) NOT BETWEEN 1 AND 255
             OR claim_fetcher.seconds IS NULL OR claim_fetcher.seconds NOT BETWEEN 10 AND 3600 THEN
            RAISE EXCEPTION 'a fetcher names its site (1 to 255 characters) and a lease of 10 s to an hour' USING ERRCODE = '22023';
          END IF;
          INSERT INTO crisiscell.fetcher AS f (one, site, login, until)
            VALUES (true, claim_fetcher.site, session_user, pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => claim_fetcher.seconds))
            ON CONFLICT (one) DO UPDATE SET site = EXCLUDED.site, login = EXCLUDED.login, until = EXCLUDED.until
            WHERE f.until < pg_catalog.clock_timestamp() OR (f.site = EXCLUDED.site AND f.login = EXCLUDED.login);
          SELECT f.site || ' (' || f.login || ')', f.until INTO held_by, until FROM crisiscell.fetcher f;
        END $$;
        CREATE OR REPLACE FUNCTION crisiscell.release_fetcher(site pg_catalog.text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        #variable_conflict use_column
        BEGIN
          DELETE FROM crisiscell.fetcher f WHERE f.site = release_fetcher.site AND f.login = session_user;
        END $$;

        -- A snapshot (admin): at an operation the database holds, or at any number in a database that holds nothing
        -- yet (db push); the world as SnapshotFile writes it, saying the same number. One already there stays.
        CREATE OR REPLACE FUNCTION crisiscell.put_snapshot(seq pg_catalog.int8, world pg_catalog.text) RETURNS pg_catalog.bool
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        #variable_conflict use_column
        DECLARE top pg_catalog.int8; doc pg_catalog.jsonb; written pg_catalog.int8;
        BEGIN
          IF NOT pg_catalog.pg_has_role(session_user, \#(Schema.literal(admin)), 'MEMBER') THEN
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
          IF NOT pg_catalog.pg_has_role(session_user, \#(Schema.literal(admin)), 'MEMBER') THEN
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

        """#
    }

    /// The upgrade from version 1, and every grant made anew.
    var upgradeAndGrants: String {
        #"""
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
              AND NOT u.rolname = ANY (ARRAY[\#(Schema.literal(viewer)), \#(Schema.literal(officer)), \#(Schema.literal(admin))])
            ORDER BY 2, 1
          LOOP
            EXECUTE pg_catalog.format('GRANT %I TO %I%s', \#(Schema.literal(prefix)) || pg_catalog.substr(m.legacy, 11), m.member,
              CASE WHEN m.legacy = 'crisiscell_admin' THEN ' WITH ADMIN OPTION' ELSE '' END);
            RAISE NOTICE '% (a member of %) is now a member of %', m.member, m.legacy, \#(Schema.literal(prefix)) || pg_catalog.substr(m.legacy, 11);
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

        -- The standbys as the primary sees them, for every role of the cell: pg_stat_replication shows its details only
        -- to superusers and pg_read_all_stats, so this runs as the schema's owner (who needs one of them, else the
        -- details come back empty). Lags in seconds; `behind` in bytes of WAL not yet replayed.
        CREATE OR REPLACE FUNCTION crisiscell.replication()
        RETURNS TABLE(standby pg_catalog.text, client pg_catalog.text, state pg_catalog.text, sync_state pg_catalog.text,
          write_lag pg_catalog.float8, flush_lag pg_catalog.float8, replay_lag pg_catalog.float8, behind pg_catalog.int8)
        LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
          SELECT r.application_name::pg_catalog.text, COALESCE(pg_catalog.host(r.client_addr), 'local socket'),
            r.state, r.sync_state,
            pg_catalog.date_part('epoch', r.write_lag), pg_catalog.date_part('epoch', r.flush_lag),
            pg_catalog.date_part('epoch', r.replay_lag),
            CASE WHEN pg_catalog.pg_is_in_recovery() OR r.replay_lsn IS NULL THEN NULL
              ELSE pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), r.replay_lsn)::pg_catalog.int8 END
          FROM pg_catalog.pg_stat_replication r ORDER BY 1
        $$;

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
        GRANT EXECUTE ON FUNCTION crisiscell.replication() TO \#(v);
        GRANT EXECUTE ON FUNCTION crisiscell.append(bigint, text[], text, timestamptz), crisiscell.lock_writers(integer) TO \#(o);
        GRANT EXECUTE ON FUNCTION crisiscell.claim_fetcher(text, integer), crisiscell.release_fetcher(text) TO \#(o);
        GRANT EXECUTE ON FUNCTION crisiscell.put_snapshot(bigint, text), crisiscell.retire(bigint, text) TO \#(a);

        UPDATE crisiscell.meta SET value = '\#(Schema.version)' WHERE key = 'version';
        """#
    }
}
