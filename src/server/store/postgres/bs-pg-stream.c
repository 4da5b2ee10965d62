/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-stream"

#include "config.h"

#include "bs-pg-store-private.h"

/* Many nodes, one leaderboard: the node holding the lease counts new orders; every node
 * pushes the leaderboard when its version moves. */

/* Takes the lease when nobody holds it or its holder let it expire; extends it when
 * @holder has it. One statement, so two nodes asking at once cannot both get it. */
static gboolean
bs_pg_store_hold_lease (BsStore     *self,
                        const char  *name,
                        const char  *holder,
                        gint64       ttl_ms,
                        GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error,
                 "INSERT INTO leases (name, holder, expires_at)"
                 " VALUES ($1, $2, clock_timestamp () + $3 * interval '1 millisecond') "
                 "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
                 " expires_at = excluded.expires_at "
                 "WHERE leases.holder = excluded.holder OR leases.expires_at < clock_timestamp () "
                 "RETURNING holder",
                 "ssx", name, holder, ttl_ms);

  return result != NULL && PQntuples (result) == 1;
}

static gint64
bs_pg_store_get_bestsellers_version (BsStore  *self,
                                     GError  **error)
{
  return bs_pg_query_int64 (self, error, 0,
                            "SELECT value::bigint FROM meta WHERE key = 'bestsellers_version'", "");
}

void
bs_pg_store_stream_install (BsStoreClass *klass)
{
  klass->hold_lease = bs_pg_store_hold_lease;
  klass->get_bestsellers_version = bs_pg_store_get_bestsellers_version;
}
