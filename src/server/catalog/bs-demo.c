/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-demo"

#include "config.h"

#include "bs-catalog-file.h"
#include "bs-cover-art.h"
#include "bs-demo.h"
#include "bs-password.h"

#define DEMO_CATALOG_RESOURCE RESOURCE_BASE_PATH "/server/catalog/demo-books.json"
#define DEMO_TURN_KEY "demo_seeding"
#define DEMO_SEEDED_KEY "demo_seeded"

typedef struct
{
  const char *username;
  const char *display_name;
  const char *password;
  gint64 order_date;                /* 0: no past order */
  const char *order_books[6];
} DemoAccount;

/* The seed's accounts and its two past orders (john.d: b2 and b3; harry.d: b1, b5, b9,
 * b13 and b17, which made the seed's leaderboard). The shared guest is the seed UI's. */
static const DemoAccount demo_accounts[] = {
  { "john.d@macrometa.io", "John D.", BS_DEMO_PASSWORD, G_GINT64_CONSTANT (1603105787506),
    { "b2", "b3" } },
  { "harry.d@macrometa.io", "Harry D.", BS_DEMO_PASSWORD, G_GINT64_CONSTANT (1603192187506),
    { "b1", "b5", "b9", "b13", "b17" } },
  { "guest@macrometa.io", "Guest", "Abcd1234", 0, { NULL } },
};

static gboolean
seed_catalog (BsStore  *store,
              GError  **error)
{
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GPtrArray) books = NULL;
  g_autoptr(GPtrArray) covers = NULL;

  json = g_resources_lookup_data (DEMO_CATALOG_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (json == NULL)
    return FALSE;
  books = bs_catalog_file_parse (json, error);
  if (books == NULL)
    return FALSE;

  /* Drawn before the transaction, which then only writes. */
  covers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < books->len; i++)
    {
      const BsBookRecord *book = g_ptr_array_index (books, i);
      GBytes *png = bs_cover_art_draw (book->name, book->author, book->category, error);

      if (png == NULL)
        return FALSE;
      g_ptr_array_add (covers, png);
    }

  if (!bs_store_upsert_books (store, books, NULL, error))
    return FALSE;
  for (guint i = 0; i < books->len; i++)
    {
      const BsBookRecord *book = g_ptr_array_index (books, i);

      if (!bs_store_put_cover (store, book->book_id, "image/png", g_ptr_array_index (covers, i),
                               TRUE, error))
        return FALSE;
    }
  return TRUE;
}

/* Past orders go through the cart and the checkout, as a shopper's would, so that they
 * reach the order log and the purchase edges. */
static gboolean
seed_accounts (BsStore  *store,
               GError  **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    {
      const DemoAccount *account = &demo_accounts[i];
      g_autofree char *hash = bs_password_hash (account->password, error);
      g_autofree char *customer_id = g_uuid_string_random ();
      g_autoptr(BsOrderRecord) order = NULL;
      BsCustomer customer = {
        .customer_id = customer_id,
        .username = (char *) account->username,
        .display_name = (char *) account->display_name,
        .password_hash = hash,
      };

      if (hash == NULL || !bs_store_create_customer (store, &customer, account->order_date, error))
        return FALSE;
      if (account->order_date == 0)
        continue;

      for (guint j = 0; account->order_books[j] != NULL; j++)
        {
          g_autoptr(BsLineItem) line = bs_store_add_to_cart (store, customer_id,
                                                             account->order_books[j], 1, error);
          if (line == NULL)
            return FALSE;
        }
      order = bs_store_checkout (store, customer_id, NULL, account->order_date, NULL, error);
      if (order == NULL)
        return FALSE;
    }
  return TRUE;
}

/* john.d and harry.d are friends, as in the seed's graph. */
static gboolean
seed_friendships (BsStore  *store,
                  GError  **error)
{
  g_autoptr(BsCustomer) john = bs_store_find_customer (store, "john.d@macrometa.io", error);
  const char * const harry[] = { "harry.d@macrometa.io", NULL };

  return john != NULL &&
         bs_store_befriend_accounts (store, john->customer_id, harry,
                                     G_GINT64_CONSTANT (1603105787506), error);
}

typedef gboolean (*SeedStep) (BsStore *store, GError **error);

/* Each step runs once per database; the database records how far it got, so a restart
 * with --demo never brings back a book or an account that was removed since, and a
 * database seeded by an older version gets only the new steps. */
static const SeedStep seed_steps[] = {
  seed_catalog,
  seed_accounts,
  seed_friendships,
};

gboolean
bs_demo_seed (BsStore  *store,
              GError  **error)
{
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *seeded = NULL;
      g_autofree char *level = NULL;
      guint done;

      /* Nodes of one database starting together take turns: writing this row waits
       * for another node's step to end, and the level read after it is theirs. */
      if (!bs_store_begin (store, error))
        return FALSE;
      if (!bs_store_set_meta (store, DEMO_TURN_KEY, "taken", error))
        goto fail;
      seeded = bs_store_get_meta (store, DEMO_SEEDED_KEY, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      done = seeded != NULL ? (guint) g_ascii_strtoull (seeded, NULL, 10) : 0;
      if (done >= G_N_ELEMENTS (seed_steps))
        return bs_store_commit (store, error);

      level = g_strdup_printf ("%u", done + 1);
      if (!seed_steps[done] (store, error) || !bs_store_set_meta (store, DEMO_SEEDED_KEY, level, error))
        goto fail;
      if (!bs_store_commit (store, error))
        return FALSE;
    }

fail:
  bs_store_rollback (store);
  return FALSE;
}
