-- The services' role and their two databases, reviews (the orchestrator) and workers (the workers' delivery
-- ledger), each owned by that role so that the services' migrations can create their tables. Idempotent.
-- Run by a superuser with psql 15 or later, which reads the role and its password from the environment:
--   CSPR_POSTGRES_USER, CSPR_POSTGRES_PASSWORD
-- docker-compose.yml mounts it in /docker-entrypoint-initdb.d (run once, on an empty data volume);
-- ops/scripts/start-postgres.sh runs it at every start.
\set ON_ERROR_STOP on
\getenv role CSPR_POSTGRES_USER
\getenv password CSPR_POSTGRES_PASSWORD
\if :{?role}
\else
  \warn 'create-databases.sql: set CSPR_POSTGRES_USER'
  SELECT 1/0 AS "CSPR_POSTGRES_USER is not set";
\endif
\if :{?password}
\else
  \warn 'create-databases.sql: set CSPR_POSTGRES_PASSWORD'
  SELECT 1/0 AS "CSPR_POSTGRES_PASSWORD is not set";
\endif

SELECT format('CREATE ROLE %I LOGIN', :'role')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')\gexec
-- Set at every run, so that a changed password takes effect (scram-sha-256, the default since PostgreSQL 14).
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';

SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8''', name, :'role')
FROM (VALUES ('reviews'), ('workers')) AS wanted(name)
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = wanted.name)\gexec
ALTER DATABASE reviews OWNER TO :"role";
ALTER DATABASE workers OWNER TO :"role";
-- Only the services' role (and superusers) may connect to them.
REVOKE CONNECT, TEMPORARY ON DATABASE reviews, workers FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE reviews, workers TO :"role";
