"""Exit 0 when the PostgreSQL and Redis servers of the given URLs answer, else 1 with the reason."""

import sys
from urllib.parse import urlsplit


def main(pg_url: str, redis_url: str) -> int:
    try:
        import psycopg
        import redis

        parts = urlsplit(pg_url)
        with psycopg.connect(
            host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
            dbname="postgres", connect_timeout=3,
        ):
            pass
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as exc:
        print(f"services not available: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
