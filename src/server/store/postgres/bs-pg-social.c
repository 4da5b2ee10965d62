/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-pg-social"

#include "config.h"

#include "bs-pg-store-private.h"

/* The social graph: mutual friendships by consent, requests to usernames as typed, and
 * recommendations from the purchase edges of friends. Names and ids sort byte by byte
 * (COLLATE "C"), as SQLite's BINARY does, whatever the database's own collation. */

static gpointer
read_person (const PGresult *result,
             int             row)
{
  BsPerson *person = g_new0 (BsPerson, 1);

  person->id = bs_pg_dup_text (result, row, 0);
  person->name = bs_pg_dup_text (result, row, 1);
  return person;
}

/* How many rows a DELETE or INSERT changed. */
static gint64
changes (const PGresult *result)
{
  return g_ascii_strtoll (PQcmdTuples ((PGresult *) result), NULL, 10);
}

/* The people a query about one customer ($1) lists, as (id, name) pairs. */
static GPtrArray *
people_of (BsStore     *self,
           const char  *sql,
           const char  *customer_id,
           GError     **error)
{
  g_autoptr(PGresult) result = bs_pg_query (self, error, sql, "s", customer_id);

  if (result == NULL)
    return NULL;
  return bs_pg_read_rows (result, read_person, (GDestroyNotify) bs_person_free);
}

/* Friends as (customerId, displayName), by name. */
static GPtrArray *
bs_pg_store_list_friends (BsStore     *self,
                          const char  *customer_id,
                          GError     **error)
{
  return people_of (self,
                    "SELECT c.customer_id, c.display_name FROM friendships f "
                    "JOIN customers c ON c.customer_id = f.friend_id "
                    "WHERE f.customer_id = $1 "
                    "ORDER BY c.display_name COLLATE \"C\", c.customer_id COLLATE \"C\"",
                    customer_id, error);
}

/* Requests to this customer as (customerId, displayName) of who asked. */
static GPtrArray *
bs_pg_store_list_incoming_requests (BsStore     *self,
                                    const char  *customer_id,
                                    GError     **error)
{
  return people_of (self,
                    "SELECT c.customer_id, c.display_name FROM customers me "
                    "JOIN friend_requests r ON r.to_username = me.username "
                    "JOIN customers c ON c.customer_id = r.from_customer "
                    "WHERE me.customer_id = $1 ORDER BY r.created_at, r.request_id COLLATE \"C\"",
                    customer_id, error);
}

/* Requests this customer made, as (requestId, username as typed). */
static GPtrArray *
bs_pg_store_list_outgoing_requests (BsStore     *self,
                                    const char  *customer_id,
                                    GError     **error)
{
  return people_of (self,
                    "SELECT request_id, to_username FROM friend_requests "
                    "WHERE from_customer = $1 ORDER BY created_at, request_id COLLATE \"C\"",
                    customer_id, error);
}

/* Records a request to @username, or returns the one already made to it. The update on a
 * conflict changes nothing: it is there so that the statement returns the request it met,
 * even one another node committed a moment ago or is withdrawing (then it waits, and
 * inserts anew if that request is gone). */
static char *
bs_pg_store_request_friend (BsStore     *self,
                            const char  *customer_id,
                            const char  *username,
                            gint64       now,
                            GError     **error)
{
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr(PGresult) result =
    bs_pg_query (self, error,
                 "INSERT INTO friend_requests AS r (request_id, from_customer, to_username,"
                 " created_at) VALUES ($1, $2, $3, $4) "
                 "ON CONFLICT (from_customer, to_username) DO UPDATE SET created_at = r.created_at "
                 "RETURNING request_id",
                 "sssx", request_id, customer_id, username, now);

  if (result == NULL)
    return NULL;
  return bs_pg_dup_text (result, 0, 0);
}

static gboolean
changed_or_not_found (const PGresult  *result,
                      GError         **error)
{
  if (changes (result) > 0)
    return TRUE;
  g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND,
                       "No such friend or request");
  return FALSE;
}

/* Changes to the friendship of two customers take turns, as they do under SQLite's single
 * writer: whoever comes second sees what the first did (a request already accepted, a
 * friend already removed) instead of a deadlock between the two. The rows are locked in
 * one order, and not against the foreign keys' checks. @other_id may name no customer. */
static gboolean
lock_pair (BsStore     *self,
           const char  *customer_id,
           const char  *other_id,
           GError     **error)
{
  return bs_pg_run (self, error,
                    "SELECT 1 FROM customers WHERE customer_id IN ($1, $2) "
                    "ORDER BY customer_id COLLATE \"C\" FOR NO KEY UPDATE",
                    "ss", customer_id, other_id);
}

/* Any request between two customers, either way, ends when they become friends or stop
 * being friends: a request left behind would let one of them come back unasked. */
static gboolean
clear_requests_between (BsStore     *self,
                        const char  *customer_id,
                        const char  *other_id,
                        GError     **error)
{
  return bs_pg_run (self, error,
                    "DELETE FROM friend_requests WHERE "
                    "(from_customer = $1 AND to_username = "
                    "   (SELECT username FROM customers WHERE customer_id = $2)) OR "
                    "(from_customer = $2 AND to_username = "
                    "   (SELECT username FROM customers WHERE customer_id = $1))",
                    "ss", customer_id, other_id);
}

/* Makes two customers friends, both ways in one statement; already being friends is
 * fine. */
static gboolean
add_friendship (BsStore     *self,
                const char  *customer_id,
                const char  *friend_id,
                gint64       now,
                GError     **error)
{
  return bs_pg_run (self, error,
                    "INSERT INTO friendships (customer_id, friend_id, since) "
                    "VALUES ($1::text, $2::text, $3::bigint), ($2, $1, $3) ON CONFLICT DO NOTHING",
                    "ssx", customer_id, friend_id, now) &&
         clear_requests_between (self, customer_id, friend_id, error);
}

/* Accepts the request that @requester_id made to @customer_id: they become friends. */
static gboolean
bs_pg_store_accept_friend (BsStore     *self,
                           const char  *customer_id,
                           const char  *requester_id,
                           gint64       now,
                           GError     **error)
{
  g_autoptr(PGresult) result = NULL;

  if (!bs_store_begin (self, error))
    return FALSE;
  if (!lock_pair (self, customer_id, requester_id, error))
    goto fail;
  result = bs_pg_query (self, error,
                        "DELETE FROM friend_requests WHERE from_customer = $2 "
                        "AND to_username = (SELECT username FROM customers "
                        "                   WHERE customer_id = $1)",
                        "ss", customer_id, requester_id);
  if (result == NULL || !changed_or_not_found (result, error) ||
      !add_friendship (self, customer_id, requester_id, now, error))
    goto fail;
  return bs_store_commit (self, error);

fail:
  bs_store_rollback (self);
  return FALSE;
}

static gboolean
unfriend_or_withdraw (BsStore     *self,
                      const char  *customer_id,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(PGresult) unfriended = NULL;
  g_autoptr(PGresult) withdrawn = NULL;

  if (!lock_pair (self, customer_id, id, error))
    return FALSE;

  /* Both rows of the friendship go in one statement, so none is left without the other. */
  unfriended = bs_pg_query (self, error,
                            "DELETE FROM friendships WHERE (customer_id = $1 AND friend_id = $2) "
                            "OR (customer_id = $2 AND friend_id = $1)",
                            "ss", customer_id, id);
  if (unfriended == NULL)
    return FALSE;
  if (changes (unfriended) > 0)
    return clear_requests_between (self, customer_id, id, error);

  withdrawn = bs_pg_query (self, error,
                           "DELETE FROM friend_requests WHERE "
                           "(from_customer = $1 AND request_id = $2) OR "
                           "(from_customer = $2 AND to_username = (SELECT username "
                           "  FROM customers WHERE customer_id = $1))",
                           "ss", customer_id, id);
  return withdrawn != NULL && changed_or_not_found (withdrawn, error);
}

/* Unfriends a friend, declines a requester's request, or cancels one's own request,
 * whichever @id names. */
static gboolean
bs_pg_store_remove_friend (BsStore     *self,
                           const char  *customer_id,
                           const char  *id,
                           GError     **error)
{
  if (!bs_store_begin (self, error))
    return FALSE;
  if (!unfriend_or_withdraw (self, customer_id, id, error))
    {
      bs_store_rollback (self);
      return FALSE;
    }
  return bs_store_commit (self, error);
}

/* Befriends @customer_id with the account @username, or with every account if NULL,
 * both ways in one statement. The accounts are locked against deletion first: one deleted
 * meanwhile by another node is skipped, as an unknown username is, rather than failing
 * the foreign key. */
static gboolean
befriend (BsStore     *self,
          const char  *customer_id,
          const char  *username,
          gint64       now,
          GError     **error)
{
  return bs_pg_run (self, error,
                    "WITH others AS ("
                    "  SELECT customer_id FROM customers "
                    "  WHERE customer_id <> $1::text AND ($2::text IS NULL OR username = $2) "
                    "  FOR KEY SHARE) "
                    "INSERT INTO friendships (customer_id, friend_id, since) "
                    "SELECT $1, customer_id, $3::bigint FROM others "
                    "UNION ALL "
                    "SELECT customer_id, $1, $3 FROM others "
                    "ON CONFLICT DO NOTHING",
                    "ssx", customer_id, username, now);
}

/* Friendships without a request, for the demo's and the seed's house rules. Unknown
 * usernames are skipped. */
static gboolean
bs_pg_store_befriend_accounts (BsStore            *self,
                               const char         *customer_id,
                               const char * const *usernames,
                               gint64              now,
                               GError            **error)
{
  for (guint i = 0; usernames[i] != NULL; i++)
    if (!befriend (self, customer_id, usernames[i], now, error))
      return FALSE;
  return TRUE;
}

/* Under SQLite's single writer, of two accounts made at once the second befriends the
 * first. Here each would miss the other, not yet committed: the calls take turns on a
 * row lock held to the end of the transaction (a row, not an advisory lock, which some
 * PostgreSQL-protocol engines lack), and the insert, a statement after the lock, sees
 * every account committed before it. */
static gboolean
bs_pg_store_befriend_everyone (BsStore     *self,
                               const char  *customer_id,
                               gint64       now,
                               GError     **error)
{
  return bs_pg_run (self, error, "SELECT 1 FROM meta WHERE key = 'server_id' FOR UPDATE", "") &&
         befriend (self, customer_id, NULL, now, error);
}

/* Books the customer's friends bought and the customer did not, with how many friends
 * bought each: most friends first, then rating, then id in natural order. Ids the same
 * in natural order ("b7", "b007") come byte by byte, as SQLite's grouping by id leaves
 * them. */
static GPtrArray *
bs_pg_store_recommend (BsStore     *self,
                       const char  *customer_id,
                       guint        offset,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error,
                 "SELECT b.book_id, b.name, b.author, b.category, b.price_cents,"
                 " b.rating_tenths, count (DISTINCT p.customer_id) AS friends "
                 "FROM friendships f "
                 "JOIN purchases p ON p.customer_id = f.friend_id "
                 "JOIN books b ON b.book_id = p.book_id "
                 "WHERE f.customer_id = $1 AND NOT EXISTS "
                 "  (SELECT 1 FROM purchases mine "
                 "   WHERE mine.customer_id = $1 AND mine.book_id = p.book_id) "
                 "GROUP BY b.seq "
                 "ORDER BY friends DESC, b.rating_tenths DESC, bs_natural_key (b.book_id),"
                 " b.book_id COLLATE \"C\" "
                 "LIMIT $2 OFFSET $3",
                 "sxx", customer_id, (gint64) limit, (gint64) offset);

  if (result == NULL)
    return NULL;
  return bs_pg_read_rows (result, bs_pg_read_line_item, (GDestroyNotify) bs_line_item_free);
}

/* The customer's friends who bought @book_id. */
static GPtrArray *
bs_pg_store_friends_who_bought (BsStore     *self,
                                const char  *customer_id,
                                const char  *book_id,
                                GError     **error)
{
  g_autoptr(PGresult) result =
    bs_pg_query (self, error,
                 "SELECT c.customer_id, c.display_name FROM customers c "
                 "WHERE EXISTS (SELECT 1 FROM friendships f "
                 "              WHERE f.customer_id = $1 AND f.friend_id = c.customer_id) "
                 "AND EXISTS (SELECT 1 FROM purchases p "
                 "            WHERE p.customer_id = c.customer_id AND p.book_id = $2) "
                 "ORDER BY c.display_name COLLATE \"C\", c.customer_id COLLATE \"C\"",
                 "ss", customer_id, book_id);

  if (result == NULL)
    return NULL;
  return bs_pg_read_rows (result, read_person, (GDestroyNotify) bs_person_free);
}

void
bs_pg_store_social_install (BsStoreClass *klass)
{
  klass->list_friends = bs_pg_store_list_friends;
  klass->list_incoming_requests = bs_pg_store_list_incoming_requests;
  klass->list_outgoing_requests = bs_pg_store_list_outgoing_requests;
  klass->request_friend = bs_pg_store_request_friend;
  klass->accept_friend = bs_pg_store_accept_friend;
  klass->remove_friend = bs_pg_store_remove_friend;
  klass->befriend_accounts = bs_pg_store_befriend_accounts;
  klass->befriend_everyone = bs_pg_store_befriend_everyone;
  klass->recommend = bs_pg_store_recommend;
  klass->friends_who_bought = bs_pg_store_friends_who_bought;
}
