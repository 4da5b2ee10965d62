/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-store-social"

#include "config.h"

#include "bs-sqlite-store-private.h"

/* The social graph: mutual friendships by consent, requests to usernames as typed, and
 * recommendations from the purchase edges of friends. */

static gpointer
read_person (BsStatement *statement)
{
  BsPerson *person = g_new0 (BsPerson, 1);

  person->id = bs_statement_dup_text (statement, 0);
  person->name = bs_statement_dup_text (statement, 1);
  return person;
}

/* The people a query about one customer (?1) lists, as (id, name) pairs. */
static GPtrArray *
people_of (BsStore     *self,
           const char  *sql,
           const char  *customer_id,
           GError     **error)
{
  g_autoptr(BsStatement) statement = bs_sqlite_prepare (self, sql, error);

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "s", customer_id);
  return bs_sqlite_read_rows (self, statement, read_person, (GDestroyNotify) bs_person_free, error);
}

/* Friends as (customerId, displayName), by name. */
static GPtrArray *
bs_sqlite_store_list_friends (BsStore     *self,
                              const char  *customer_id,
                              GError     **error)
{
  return people_of (self,
                    "SELECT c.customer_id, c.display_name FROM friendships f "
                    "JOIN customers c ON c.customer_id = f.friend_id "
                    "WHERE f.customer_id = ?1 ORDER BY c.display_name, c.customer_id",
                    customer_id, error);
}

/* Requests to this customer as (customerId, displayName) of who asked. */
static GPtrArray *
bs_sqlite_store_list_incoming_requests (BsStore     *self,
                                        const char  *customer_id,
                                        GError     **error)
{
  return people_of (self,
                    "SELECT c.customer_id, c.display_name FROM customers me "
                    "JOIN friend_requests r ON r.to_username = me.username "
                    "JOIN customers c ON c.customer_id = r.from_customer "
                    "WHERE me.customer_id = ?1 ORDER BY r.created_at, r.request_id",
                    customer_id, error);
}

/* Requests this customer made, as (requestId, username as typed). */
static GPtrArray *
bs_sqlite_store_list_outgoing_requests (BsStore     *self,
                                        const char  *customer_id,
                                        GError     **error)
{
  return people_of (self,
                    "SELECT request_id, to_username FROM friend_requests "
                    "WHERE from_customer = ?1 ORDER BY created_at, request_id",
                    customer_id, error);
}

/* Records a request to @username, or returns the one already made to it. */
static char *
bs_sqlite_store_request_friend (BsStore     *self,
                                const char  *customer_id,
                                const char  *username,
                                gint64       now,
                                GError     **error)
{
  g_autoptr(BsStatement) insert = NULL;
  g_autoptr(BsStatement) existing = NULL;
  g_autofree char *request_id = g_uuid_string_random ();

  insert = bs_sqlite_prepare (self,
                              "INSERT INTO friend_requests (request_id, from_customer, to_username,"
                              " created_at) VALUES (?1, ?2, ?3, ?4) "
                              "ON CONFLICT (from_customer, to_username) DO NOTHING",
                              error);
  if (insert == NULL)
    return NULL;
  bs_statement_bind (insert, "sssx", request_id, customer_id, username, now);
  if (!bs_sqlite_step_done (self, insert, error))
    return NULL;
  if (sqlite3_changes (bs_sqlite_get_db (self)) == 1)
    return g_steal_pointer (&request_id);

  existing = bs_sqlite_prepare (self,
                                "SELECT request_id FROM friend_requests "
                                "WHERE from_customer = ?1 AND to_username = ?2",
                                error);
  if (existing == NULL)
    return NULL;
  bs_statement_bind (existing, "ss", customer_id, username);
  if (sqlite3_step (existing) != SQLITE_ROW)
    {
      bs_sqlite_fail (self, error);
      return NULL;
    }
  return bs_statement_dup_text (existing, 0);
}

static gboolean
change_count_or_not_found (BsStore  *self,
                           GError  **error)
{
  if (sqlite3_changes (bs_sqlite_get_db (self)) > 0)
    return TRUE;
  g_set_error_literal (error, BS_STORE_ERROR, BS_STORE_ERROR_NOT_FOUND, "No such friend or request");
  return FALSE;
}

/* Any request between two customers, either way, ends when they become friends or stop
 * being friends: a request left behind would let one of them come back unasked. */
static gboolean
clear_requests_between (BsStore     *self,
                        const char  *customer_id,
                        const char  *other_id,
                        GError     **error)
{
  return bs_sqlite_run (self, error,
                        "DELETE FROM friend_requests WHERE "
                        "(from_customer = ?1 AND to_username = "
                        "   (SELECT username FROM customers WHERE customer_id = ?2)) OR "
                        "(from_customer = ?2 AND to_username = "
                        "   (SELECT username FROM customers WHERE customer_id = ?1))",
                        "ss", customer_id, other_id);
}

/* Makes two customers friends, both ways; already being friends is fine. */
static gboolean
add_friendship (BsStore     *self,
                const char  *customer_id,
                const char  *friend_id,
                gint64       now,
                GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "INSERT INTO friendships (customer_id, friend_id, since) "
                       "VALUES (?1, ?2, ?3), (?2, ?1, ?3) ON CONFLICT DO NOTHING",
                       error);

  if (statement == NULL)
    return FALSE;
  bs_statement_bind (statement, "ssx", customer_id, friend_id, now);
  return bs_sqlite_step_done (self, statement, error) &&
         clear_requests_between (self, customer_id, friend_id, error);
}

/* Accepts the request that @requester_id made to @customer_id: they become friends. */
static gboolean
bs_sqlite_store_accept_friend (BsStore     *self,
                               const char  *customer_id,
                               const char  *requester_id,
                               gint64       now,
                               GError     **error)
{
  g_autoptr(BsStatement) statement = NULL;

  if (!bs_store_begin (self, error))
    return FALSE;
  statement = bs_sqlite_prepare (self,
                                 "DELETE FROM friend_requests WHERE from_customer = ?2 "
                                 "AND to_username = (SELECT username FROM customers "
                                 "                   WHERE customer_id = ?1)",
                                 error);
  if (statement == NULL)
    goto fail;
  bs_statement_bind (statement, "ss", customer_id, requester_id);
  if (!bs_sqlite_step_done (self, statement, error) || !change_count_or_not_found (self, error) ||
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
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "DELETE FROM friendships WHERE (customer_id = ?1 AND friend_id = ?2) "
                       "OR (customer_id = ?2 AND friend_id = ?1)",
                       error);
  g_autoptr(BsStatement) requests = NULL;

  if (statement == NULL)
    return FALSE;
  bs_statement_bind (statement, "ss", customer_id, id);
  if (!bs_sqlite_step_done (self, statement, error))
    return FALSE;
  if (sqlite3_changes (bs_sqlite_get_db (self)) > 0)
    return clear_requests_between (self, customer_id, id, error);

  requests = bs_sqlite_prepare (self,
                                "DELETE FROM friend_requests WHERE "
                                "(from_customer = ?1 AND request_id = ?2) OR "
                                "(from_customer = ?2 AND to_username = (SELECT username "
                                "  FROM customers WHERE customer_id = ?1))",
                                error);
  if (requests == NULL)
    return FALSE;
  bs_statement_bind (requests, "ss", customer_id, id);
  return bs_sqlite_step_done (self, requests, error) && change_count_or_not_found (self, error);
}

/* Unfriends a friend, declines a requester's request, or cancels one's own request,
 * whichever @id names. */
static gboolean
bs_sqlite_store_remove_friend (BsStore     *self,
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

/* Befriends @customer_id with the account @username, or with every account if NULL. */
static gboolean
befriend (BsStore     *self,
          const char  *customer_id,
          const char  *username,
          gint64       now,
          GError     **error)
{
  return bs_sqlite_run (self, error,
                        "INSERT INTO friendships (customer_id, friend_id, since) "
                        "SELECT ?1, customer_id, ?3 FROM customers "
                        "  WHERE customer_id <> ?1 AND (?2 IS NULL OR username = ?2) "
                        "UNION ALL "
                        "SELECT customer_id, ?1, ?3 FROM customers "
                        "  WHERE customer_id <> ?1 AND (?2 IS NULL OR username = ?2) "
                        "ON CONFLICT DO NOTHING",
                        "ssx", customer_id, username, now);
}

/* Friendships without a request, for the demo's and the seed's house rules. Unknown
 * usernames are skipped. */
static gboolean
bs_sqlite_store_befriend_accounts (BsStore            *self,
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

static gboolean
bs_sqlite_store_befriend_everyone (BsStore     *self,
                                   const char  *customer_id,
                                   gint64       now,
                                   GError     **error)
{
  return befriend (self, customer_id, NULL, now, error);
}

/* Books the customer's friends bought and the customer did not, with how many friends
 * bought each: most friends first, then rating, then id in natural order. */
static GPtrArray *
bs_sqlite_store_recommend (BsStore     *self,
                           const char  *customer_id,
                           guint        offset,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "SELECT b.book_id, b.name, b.author, b.category, b.price_cents,"
                       " b.rating_tenths, count (DISTINCT p.customer_id) AS friends "
                       "FROM friendships f "
                       "JOIN purchases p ON p.customer_id = f.friend_id "
                       "JOIN books b ON b.book_id = p.book_id "
                       "WHERE f.customer_id = ?1 AND p.book_id NOT IN "
                       "  (SELECT book_id FROM purchases WHERE customer_id = ?1) "
                       "GROUP BY b.book_id "
                       "ORDER BY friends DESC, b.rating_tenths DESC, b.book_id COLLATE bs_natural "
                       "LIMIT ?2 OFFSET ?3",
                       error);

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "sxx", customer_id, (gint64) limit, (gint64) offset);
  return bs_sqlite_read_rows (self, statement, bs_statement_read_line_item,
                              (GDestroyNotify) bs_line_item_free, error);
}

/* The customer's friends who bought @book_id. */
static GPtrArray *
bs_sqlite_store_friends_who_bought (BsStore     *self,
                                    const char  *customer_id,
                                    const char  *book_id,
                                    GError     **error)
{
  g_autoptr(BsStatement) statement =
    bs_sqlite_prepare (self,
                       "SELECT DISTINCT c.customer_id, c.display_name FROM friendships f "
                       "JOIN purchases p ON p.customer_id = f.friend_id AND p.book_id = ?2 "
                       "JOIN customers c ON c.customer_id = f.friend_id "
                       "WHERE f.customer_id = ?1 ORDER BY c.display_name, c.customer_id",
                       error);

  if (statement == NULL)
    return NULL;
  bs_statement_bind (statement, "ss", customer_id, book_id);
  return bs_sqlite_read_rows (self, statement, read_person, (GDestroyNotify) bs_person_free, error);
}

void
bs_sqlite_store_social_install (BsStoreClass *klass)
{
  klass->list_friends = bs_sqlite_store_list_friends;
  klass->list_incoming_requests = bs_sqlite_store_list_incoming_requests;
  klass->list_outgoing_requests = bs_sqlite_store_list_outgoing_requests;
  klass->request_friend = bs_sqlite_store_request_friend;
  klass->accept_friend = bs_sqlite_store_accept_friend;
  klass->remove_friend = bs_sqlite_store_remove_friend;
  klass->befriend_accounts = bs_sqlite_store_befriend_accounts;
  klass->befriend_everyone = bs_sqlite_store_befriend_everyone;
  klass->recommend = bs_sqlite_store_recommend;
  klass->friends_who_bought = bs_sqlite_store_friends_who_bought;
}
